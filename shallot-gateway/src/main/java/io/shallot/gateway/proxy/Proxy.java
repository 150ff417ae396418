package io.shallot.gateway.proxy;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Outcome;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.proxy.internal.HealthChecker;
import io.shallot.gateway.proxy.internal.Forwarder;
import io.shallot.gateway.proxy.internal.Upstream;
import io.shallot.gateway.user.UserSettings;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last middleware of the gateway: sends the request that {@link RouteMatcher} matched (and
 * every middleware in between admitted) to the route's upstream and answers with the upstream's
 * response. It does not call {@code next}.
 *
 * <p>What is sent: the method; the normalised path (its prefix stripped when the route says so),
 * canonically encoded; the query as sent without {@code access_token} and {@code user_token}; the
 * client's end-to-end headers without {@code Authorization} and the user token header (the
 * gateway consumed the credentials, they are not passed on), plus {@code X-Forwarded-For}
 * (appended), {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}, {@code X-Request-Id} and a
 * fresh {@code traceparent} of the request's trace (from {@code RequestId}, when it ran),
 * {@code X-Shallot-Appid} and {@code X-Shallot-User} for the verified app and user (never the
 * client's own); the body. Hop-by-hop headers are dropped both ways.
 *
 * <p>What comes back: the upstream's status, end-to-end headers and body as they are, 5xx
 * included (the exchange's outcome is then {@link Outcome#UPSTREAM_ERROR}, as when the body fails
 * mid-way). The gateway's own answers are refusals: 502 {@link Refusal#UPSTREAM_FAILED}, 503
 * {@link Refusal#CIRCUIT_OPEN} and {@link Refusal#NO_HEALTHY_TARGET} with {@code Retry-After}, 504
 * {@link Refusal#UPSTREAM_TIMEOUT} after the route's timeout (else the upstream's
 * {@code responseTimeout}). Only a failure to connect is retried, once, on another target, only
 * for GET, HEAD, OPTIONS, PUT and DELETE, and only while the upstream has taken no byte of the
 * request body (a connect failure comes before any is sent). How targets are balanced, ejected, checked and
 * guarded by a breaker is configured per upstream in {@link UpstreamSettings}.
 *
 * <p>Bodies are streamed both ways with backpressure and without size limit (but the server's
 * {@code maxBodyBytes} for request bodies): a slow upstream stops the gateway reading the client, a slow
 * client stops it reading the upstream, so a transfer holds a few stream queues of 64 KiB and the
 * socket buffers, whatever its size. A body an earlier middleware read in full (the signature
 * check of signed apps) is sent as read. The response is relayed once its head arrives: the
 * response timeout covers the head; after it, a body that fails or pauses for that long while the
 * client keeps up ends with the client's connection closed mid-body (the head is gone) and counts
 * as a failure of the target; a client that leaves makes the gateway close the upstream connection.
 * The details are in {@code BodyTransfer} and {@code Forwarder}.
 *
 * <p>Run the gateway's server with streamed request bodies
 * ({@code ServerOptions.withStreamRequestBodies(true)}; without it bodies are read in full first and
 * sent as bytes), with compression off ({@code withCompressionThresholdBytes(-1)}) so that it does not
 * gzip what the upstream chose to send uncompressed (the upstream gets {@code Accept-Encoding}),
 * and with a request timeout above two connect timeouts plus the longest response timeout (a
 * connect failure is retried), so that 504 is the proxy's answer.
 *
 * <p>Threading: requests run on their connection's loop and never block; upstream state (targets,
 * breaker) is shared by all loops. Health checks run on the loop given to the constructor.
 * {@link #close} stops them and closes the upstream connections; call it after the server stops.
 */
public final class Proxy implements Middleware, AutoCloseable {
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private final List<HealthChecker> checkers = new ArrayList<>();
    private final String userTokenHeader;

    /** A proxy that drops the user token from the {@link UserSettings#DEFAULT_HEADER default header}. */
    public Proxy(List<UpstreamSettings> upstreams, List<ApiRoute> routes, Loop healthLoop) {
        this(upstreams, routes, UserSettings.DEFAULT_HEADER, healthLoop);
    }

    /**
     * @param upstreams       the upstreams, with distinct names
     * @param routes          the routes this proxy will be asked to serve; each must name one of
     *                        {@code upstreams}
     * @param userTokenHeader the header that carries the user token ({@link UserSettings#header}),
     *                        never forwarded
     * @param healthLoop      the loop that runs the active health checks
     * @throws IllegalArgumentException for a duplicate upstream name or a route naming an unknown upstream
     */
    public Proxy(List<UpstreamSettings> upstreams, List<ApiRoute> routes, String userTokenHeader, Loop healthLoop) {
        Objects.requireNonNull(healthLoop, "healthLoop");
        this.userTokenHeader = Objects.requireNonNull(userTokenHeader, "userTokenHeader");
        for (UpstreamSettings settings : upstreams) {
            if (this.upstreams.containsKey(settings.name())) {
                throw new IllegalArgumentException("upstream " + settings.name() + " is configured twice");
            }
            this.upstreams.put(settings.name(), null);
        }
        for (ApiRoute route : routes) {
            if (!this.upstreams.containsKey(route.upstream())) {
                throw new IllegalArgumentException("route " + route.api() + " names upstream '" + route.upstream()
                        + "', which is not configured (known: " + String.join(", ", this.upstreams.keySet()) + ")");
            }
        }
        for (UpstreamSettings settings : upstreams) {
            Upstream upstream = new Upstream(settings);
            this.upstreams.put(settings.name(), upstream);
            if (settings.healthCheck() != null) {
                HealthChecker checker = new HealthChecker(upstream, healthLoop);
                checkers.add(checker);
                checker.start();
            }
        }
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        Exchange exchange = Exchange.of(ctx);
        ApiRoute route = exchange.route();
        if (route == null || exchange.path() == null) {
            throw new IllegalStateException("Proxy has no route for " + ctx.method() + " " + ctx.path()
                    + ": put RouteMatcher before it");
        }
        Upstream upstream = upstreams.get(route.upstream());
        if (upstream == null) {
            throw new IllegalStateException("route " + route + " names upstream '" + route.upstream()
                    + "', which this Proxy was not given");
        }
        return Forwarder.relay(ctx, route, exchange.path(), userTokenHeader, upstream).thenAccept(status -> {
            if (status >= 500) {
                exchange.outcome(Outcome.UPSTREAM_ERROR);
            }
        });
    }

    /** Stops the health checks and closes every upstream connection. Idempotent, any thread. */
    @Override
    public void close() {
        checkers.forEach(HealthChecker::stop);
        upstreams.values().forEach(Upstream::close);
    }

    @Override
    public String toString() {
        return "Proxy" + upstreams.keySet();
    }
}
