package io.shallot.gateway.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One named upstream service: its targets and how the {@link Proxy} spreads, guards and checks
 * them. Absent values take the defaults below (a missing value or 0 means "default"); copies
 * with one field changed come from the {@code withX} methods.
 *
 * <table>
 *   <caption>fields and defaults</caption>
 *   <tr><th>field</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>name</td><td>required</td><td>what {@code ApiRoute.upstream} refers to</td></tr>
 *   <tr><td>targets</td><td>required</td><td>{@code http://host:port} (port 80 when absent), no path</td></tr>
 *   <tr><td>balancer</td><td>ROUND_ROBIN</td><td>or LEAST_IN_FLIGHT: fewest requests in flight
 *       from this gateway process, ties taken in turn</td></tr>
 *   <tr><td>connectTimeout</td><td>2 s</td><td>TCP connect to a target</td></tr>
 *   <tr><td>responseTimeout</td><td>30 s</td><td>from sending (the request body included) to the
 *       response head, exceeded: 504; then the longest pause of the streamed response body while the
 *       client keeps up, exceeded: the client's connection is closed mid-body. A route's own timeout
 *       replaces it</td></tr>
 *   <tr><td>maxConnectionsPerTarget</td><td>64</td><td>kept-alive connections per target and event
 *       loop; further requests wait for one</td></tr>
 *   <tr><td>healthCheck</td><td>none</td><td>active checks; see {@link HealthCheck}</td></tr>
 *   <tr><td>ejection</td><td>5 failures, 30 s</td><td>passive ejection; see {@link Ejection}</td></tr>
 *   <tr><td>circuitBreaker</td><td>see {@link Breaker}</td><td>one breaker for the whole upstream</td></tr>
 * </table>
 *
 * @throws IllegalArgumentException (from the constructor) naming the upstream and the bad field
 */
public record UpstreamSettings(String name, List<String> targets, Balancer balancer, Duration connectTimeout,
                               Duration responseTimeout, Integer maxConnectionsPerTarget, HealthCheck healthCheck,
                               Ejection ejection, Breaker circuitBreaker) {

    /** How a target is chosen among the healthy, non-ejected ones. */
    public enum Balancer { ROUND_ROBIN, LEAST_IN_FLIGHT }

    public UpstreamSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("upstream name is required");
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("upstream " + name + ": at least one target (http://host:port) is required");
        }
        targets = List.copyOf(targets);
        if (new HashSet<>(targets.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList()).size() != targets.size()) {
            throw new IllegalArgumentException("upstream " + name + ": duplicate targets in " + targets);
        }
        targets.forEach(target -> parseTarget(name, target));
        balancer = balancer == null ? Balancer.ROUND_ROBIN : balancer;
        connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(2), name, "connectTimeout");
        responseTimeout = positiveOr(responseTimeout, Duration.ofSeconds(30), name, "responseTimeout");
        maxConnectionsPerTarget = maxConnectionsPerTarget == null ? 0 : maxConnectionsPerTarget;
        if (maxConnectionsPerTarget < 0) {
            throw new IllegalArgumentException("upstream " + name + ": maxConnectionsPerTarget must not be negative");
        }
        maxConnectionsPerTarget = maxConnectionsPerTarget == 0 ? 64 : maxConnectionsPerTarget;
        ejection = ejection == null ? new Ejection(null, null) : ejection;
        circuitBreaker = circuitBreaker == null ? new Breaker(null, null, null, null, null) : circuitBreaker;
    }

    /** An upstream with every default. */
    public static UpstreamSettings of(String name, String... targets) {
        return new UpstreamSettings(name, List.of(targets), null, null, null, 0, null, null, null);
    }

    /**
     * Active health checks: every {@code interval}, {@code GET path} on each target; a target that
     * answers other than 2xx, or not within {@code timeout}, is out of rotation until a check
     * passes again. A check still running when the next is due is not doubled.
     *
     * @param path     required, starting with {@code /}
     * @param interval default 5 s
     * @param timeout  default 2 s
     */
    public record HealthCheck(String path, Duration interval, Duration timeout) {
        public HealthCheck {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("health check path must start with '/', got '" + path + "'");
            }
            interval = positiveOr(interval, Duration.ofSeconds(5), "health check", "interval");
            timeout = positiveOr(timeout, Duration.ofSeconds(2), "health check", "timeout");
        }
    }

    /**
     * Passive ejection: a target with {@code consecutiveFailures} failed requests in a row (connect
     * error, response timeout, connection lost mid-response, or a 5xx status) is skipped for
     * {@code period}, then returns. It never ejects the last target still in rotation (as nginx
     * never marks its only server down): when all fail, the circuit breaker stops the traffic.
     *
     * @param consecutiveFailures default 5
     * @param period              default 30 s
     */
    public record Ejection(Integer consecutiveFailures, Duration period) {
        public Ejection {
            consecutiveFailures = consecutiveFailures == null ? 0 : consecutiveFailures;
            if (consecutiveFailures < 0) {
                throw new IllegalArgumentException("ejection consecutiveFailures must not be negative");
            }
            consecutiveFailures = consecutiveFailures == 0 ? 5 : consecutiveFailures;
            period = positiveOr(period, Duration.ofSeconds(30), "ejection", "period");
        }
    }

    /**
     * The upstream's circuit breaker (Resilience4j, count-based window). Failures are the same as
     * for {@link Ejection}. Once at least {@code minimumCalls} of the last {@code windowSize} calls
     * are recorded and {@code failureRateThreshold} percent of them failed, it opens: requests are
     * refused with 503 and {@code Retry-After} for {@code openFor}; then {@code halfOpenCalls}
     * probes go through, and it closes if they succeed well enough, else opens again.
     *
     * @param windowSize           default 20 calls
     * @param minimumCalls         default 10, at most {@code windowSize}
     * @param failureRateThreshold default 50 (percent), in (0, 100]
     * @param openFor              default 10 s
     * @param halfOpenCalls        default 3
     */
    public record Breaker(Integer windowSize, Integer minimumCalls, Float failureRateThreshold, Duration openFor,
                          Integer halfOpenCalls) {
        public Breaker {
            windowSize = windowSize == null ? 0 : windowSize;
            minimumCalls = minimumCalls == null ? 0 : minimumCalls;
            failureRateThreshold = failureRateThreshold == null ? 0f : failureRateThreshold;
            halfOpenCalls = halfOpenCalls == null ? 0 : halfOpenCalls;
            if (windowSize < 0 || minimumCalls < 0 || halfOpenCalls < 0 || failureRateThreshold < 0 || failureRateThreshold > 100) {
                throw new IllegalArgumentException("circuit breaker: sizes must not be negative and failureRateThreshold must be"
                        + " in (0, 100], got windowSize=" + windowSize + ", minimumCalls=" + minimumCalls + ", halfOpenCalls="
                        + halfOpenCalls + ", failureRateThreshold=" + failureRateThreshold);
            }
            windowSize = windowSize == 0 ? 20 : windowSize;
            minimumCalls = minimumCalls == 0 ? Math.min(10, windowSize) : minimumCalls;
            if (minimumCalls > windowSize) {
                throw new IllegalArgumentException("circuit breaker: minimumCalls (" + minimumCalls
                        + ") must not exceed windowSize (" + windowSize + ")");
            }
            failureRateThreshold = failureRateThreshold == 0 ? 50f : failureRateThreshold;
            openFor = positiveOr(openFor, Duration.ofSeconds(10), "circuit breaker", "openFor");
            halfOpenCalls = halfOpenCalls == 0 ? 3 : halfOpenCalls;
        }
    }

    public UpstreamSettings withTargets(List<String> value) {
        return new UpstreamSettings(name, value, balancer, connectTimeout, responseTimeout, maxConnectionsPerTarget,
                healthCheck, ejection, circuitBreaker);
    }

    public UpstreamSettings withBalancer(Balancer value) {
        return new UpstreamSettings(name, targets, value, connectTimeout, responseTimeout, maxConnectionsPerTarget,
                healthCheck, ejection, circuitBreaker);
    }

    public UpstreamSettings withConnectTimeout(Duration value) {
        return new UpstreamSettings(name, targets, balancer, value, responseTimeout, maxConnectionsPerTarget,
                healthCheck, ejection, circuitBreaker);
    }

    public UpstreamSettings withResponseTimeout(Duration value) {
        return new UpstreamSettings(name, targets, balancer, connectTimeout, value, maxConnectionsPerTarget,
                healthCheck, ejection, circuitBreaker);
    }

    public UpstreamSettings withMaxConnectionsPerTarget(int value) {
        return new UpstreamSettings(name, targets, balancer, connectTimeout, responseTimeout, value,
                healthCheck, ejection, circuitBreaker);
    }

    public UpstreamSettings withHealthCheck(HealthCheck value) {
        return new UpstreamSettings(name, targets, balancer, connectTimeout, responseTimeout, maxConnectionsPerTarget,
                value, ejection, circuitBreaker);
    }

    public UpstreamSettings withEjection(Ejection value) {
        return new UpstreamSettings(name, targets, balancer, connectTimeout, responseTimeout, maxConnectionsPerTarget,
                healthCheck, value, circuitBreaker);
    }

    public UpstreamSettings withCircuitBreaker(Breaker value) {
        return new UpstreamSettings(name, targets, balancer, connectTimeout, responseTimeout, maxConnectionsPerTarget,
                healthCheck, ejection, value);
    }

    /** A target as a URI with scheme http, a host, a port and nothing else. */
    private static URI parseTarget(String upstream, String target) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(target, "target"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("upstream " + upstream + ": target '" + target + "' is not a URL: " + e.getMessage(), e);
        }
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || !pathless || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream " + upstream + ": target '" + target
                    + "' must be http://host:port with nothing after the port");
        }
        return uri;
    }

    private static Duration positiveOr(Duration value, Duration fallback, String owner, String field) {
        if (value == null || value.isZero()) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(owner + ": " + field + " must be positive, got " + value);
        }
        return value;
    }
}
