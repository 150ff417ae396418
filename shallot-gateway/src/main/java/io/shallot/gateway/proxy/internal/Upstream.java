package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.web.client.ClientOptions;
import io.shallot.web.client.HttpClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream at run time: its targets, balancer, circuit breaker and the HTTP client (with the
 * upstream's connect timeout and connection limit) that reaches them. Outcomes of requests come
 * back through {@link #completed} and {@link #failed}, which keep the passive-ejection counts and
 * the breaker's window. Thread-safe; one instance serves every loop.
 */
public final class Upstream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

    private final UpstreamSettings settings;
    private final List<Target> targets;
    private final Balancer balancer;
    private final Circuit circuit;
    private final HttpClient client;

    public Upstream(UpstreamSettings settings) {
        this.settings = settings;
        this.targets = settings.targets().stream().map(Target::new).toList();
        this.balancer = new Balancer(settings.balancer());
        this.circuit = new Circuit(settings.name(), settings.circuitBreaker());
        this.client = HttpClient.create(ClientOptions.defaults()
                .withConnectTimeout(settings.connectTimeout())
                .withResponseTimeout(settings.responseTimeout())
                .withMaxConnectionsPerHost(settings.maxConnectionsPerTarget()));
    }

    public UpstreamSettings settings() {
        return settings;
    }

    List<Target> targets() {
        return targets;
    }

    HttpClient client() {
        return client;
    }

    Circuit circuit() {
        return circuit;
    }

    /** A healthy, non-ejected target other than {@code exclude}, or null. */
    Target pick(Target exclude) {
        return balancer.pick(targets, exclude);
    }

    /** An answer arrived: a 5xx is a failure of the target and the upstream, anything else a success. */
    void completed(Target target, int status, long nanos) {
        if (status >= 500) {
            failed(target, nanos, UpstreamStatus.INSTANCE);
        } else {
            target.succeeded();
            circuit.success(nanos);
        }
    }

    /** The target failed to answer (or answered 5xx): counts for its ejection and for the breaker. */
    void failed(Target target, long nanos, Throwable cause) {
        circuit.failure(nanos, cause);
        UpstreamSettings.Ejection ejection = settings.ejection();
        if (target.failed(ejection.consecutiveFailures()) && anotherAvailable(target)) {
            target.eject(Target.nowMs() + ejection.period().toMillis());
            LOG.warn("upstream {}: target {} ejected for {} ms after {} consecutive failures (last: {})", settings.name(),
                    target, ejection.period().toMillis(), ejection.consecutiveFailures(), cause.getMessage());
        }
    }

    /** Whole seconds, at least 1, until an ejected target returns, for {@code Retry-After}. */
    long retryAfterSeconds() {
        long now = Target.nowMs();
        long soonest = Long.MAX_VALUE;
        for (Target target : targets) {
            if (target.ejectedUntilMs() > now && target.healthy()) {
                soonest = Math.min(soonest, target.ejectedUntilMs() - now);
            }
        }
        if (soonest == Long.MAX_VALUE) {
            return settings.healthCheck() == null ? 1 : Math.max(1, settings.healthCheck().interval().toSeconds());
        }
        return Math.max(1, (soonest + 999) / 1000);
    }

    private boolean anotherAvailable(Target target) {
        long now = Target.nowMs();
        return targets.stream().anyMatch(other -> other != target && other.available(now));
    }

    @Override
    public void close() {
        client.close();
    }

    /** What the breaker records for a 5xx answer; shared, so a failing upstream costs no stack traces. */
    private static final class UpstreamStatus extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final UpstreamStatus INSTANCE = new UpstreamStatus();

        private UpstreamStatus() {
            super("upstream answered 5xx", null, false, false);
        }
    }
}
