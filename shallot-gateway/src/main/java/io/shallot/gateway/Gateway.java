package io.shallot.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shallot.gateway.auth.GatewayAuth;
import io.shallot.gateway.limit.RateLimit;
import io.shallot.gateway.proxy.Proxy;
import io.shallot.gateway.proxy.RouteMatcher;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.shed.OverloadDetector;
import io.shallot.gateway.shed.Shedding;
import io.shallot.gateway.user.UserIdentity;
import io.shallot.gateway.user.UserRevocations;
import io.shallot.loop.LoopGroup;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.web.App;
import io.shallot.web.middleware.AccessLog;
import io.shallot.web.middleware.Health;
import io.shallot.web.middleware.Metrics;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The OPEN API business gateway of section 三: one HTTP server whose every request passes, as
 * composed middleware,
 * <ol>
 *   <li>{@link RequestId} (id + W3C trace context) and the access log: everything after can log
 *       and trace;</li>
 *   <li>{@link GatewayMetrics}: outermost of the gateway's own steps, so it sees every refusal;</li>
 *   <li>{@code /metrics}, {@code /health/live|ready}, the admin API ({@code /admin}, its own
 *       credential) and {@code POST /oauth/token}: the gateway's own endpoints, answered before
 *       routing;</li>
 *   <li>{@link RouteMatcher}: the path normalised once and matched, before anything asks whether
 *       the caller may call it (so {@code /a/../admin} is judged as {@code /admin});</li>
 *   <li>authentication (token, signature for signed apps), then permission (app active, API
 *       granted): cheap (local caches in front of Redis and MongoDB) and needed by what follows,
 *       since shedding ranks by the app's class and limits count per app;</li>
 *   <li>{@link Shedding} BEFORE the rate limit: under overload a request that will be dropped costs
 *       no Redis round trip and consumes none of the app's allowance;</li>
 *   <li>{@link RateLimit}: cluster-wide GCRA in Redis;</li>
 *   <li>{@link UserIdentity}: the end user's token, as the route asks, within the app's allowance:
 *       a call with a bad user token counts like any other, so an app cannot make the gateway check
 *       signatures (an EC check costs a loop tens of microseconds) faster than its plan allows; a
 *       revoked user's token is refused from the process's copy of the {@link UserRevocations},
 *       which it keeps when user tokens are on;</li>
 *   <li>{@link Proxy}: to the route's upstream, request and response bodies streamed (the server
 *       runs with streamed request bodies; what must see a whole body reads it with
 *       {@code ctx.readBody()}).</li>
 * </ol>
 * Every refusal is the envelope with its {@link Refusal} code.
 *
 * <p>Threading: {@link #start} blocks (it connects to the stores and binds the port); requests run
 * on the server's loops. {@link #close} stops serving (in-flight requests finish), then the
 * gateway's own parts; the stores stay the caller's when they were passed in.
 */
public final class Gateway implements AutoCloseable {
    private final HttpServer server;
    private final GatewayAuth auth;
    private final OverloadDetector detector;
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> owned;

    private Gateway(HttpServer server, GatewayAuth auth, OverloadDetector detector, PrometheusMeterRegistry registry,
                    List<AutoCloseable> owned) {
        this.server = server;
        this.auth = auth;
        this.detector = detector;
        this.registry = registry;
        this.owned = owned;
    }

    /** A gateway on stores the caller owns (and closes). */
    public static Gateway start(GatewaySettings settings, Mongo mongo, Redis redis) {
        return start(settings, mongo, redis, List.of());
    }

    /** A gateway that starts, and on close stops, its own MongoDB and Redis connections (or embedded servers). */
    public static Gateway startWithOwnStores(GatewaySettings settings, MongoSettings mongoSettings,
                                            RedisSettings redisSettings) {
        Mongo mongo = Mongo.start(mongoSettings);
        Redis redis;
        try {
            redis = Redis.start(redisSettings);
        } catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
        try {
            return start(settings, mongo, redis, List.of(mongo, redis));
        } catch (RuntimeException e) {
            redis.close();
            mongo.close();
            throw e;
        }
    }

    private static Gateway start(GatewaySettings settings, Mongo mongo, Redis redis, List<AutoCloseable> stores) {
        Objects.requireNonNull(settings, "settings");
        settings.checkUserRoutes();
        LoopGroup loops = settings.server().loops() == 0 ? LoopGroup.create() : LoopGroup.create(settings.server().loops());
        // closed in reverse: the gateway's parts, then the stores they use, then the loops
        List<AutoCloseable> owned = new ArrayList<>();
        owned.add(loops);
        owned.addAll(stores);
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Metrics metrics = Metrics.create(registry).bind(loops);
            List<ApiRoute> routes = settings.apiRoutes();
            UserRevocations revocations = settings.users().enabled() ? UserRevocations.start(redis, settings.users()) : null;
            if (revocations != null) {
                owned.add(revocations);
            }
            GatewayAuth auth = GatewayAuth.start(settings.auth(), mongo, redis, revocations);
            owned.add(auth);
            OverloadDetector detector = OverloadDetector.start(settings.shedding());
            owned.add(detector);
            loops.loops().forEach(loop -> loop.execute(() -> detector.watch(loop)));
            RateLimit rateLimit = RateLimit.create(redis, settings.limits());
            Proxy proxy = new Proxy(settings.upstreams(), routes, settings.users().header(), loops.next());
            owned.add(proxy);
            gauges(registry, detector, rateLimit);
            Health health = Health.create()
                    .withCheck("redis", () -> Promise.resolve(redis.available()));
            App app = new App()
                    .use(RequestId.create())
                    .use(AccessLog.create())
                    .use(new GatewayMetrics(registry))
                    .use(metrics.endpoint())
                    .use(health)
                    .use(auth.admin())
                    .use(auth.tokenEndpoint())
                    .use(new RouteMatcher(routes))
                    .use(auth.authenticate())
                    .use(auth.permission())
                    .use(new Shedding(detector))
                    .use(rateLimit)
                    .use(revocations == null ? UserIdentity.create(settings.users())
                            : UserIdentity.create(settings.users(), revocations))
                    .use(proxy);
            ServerOptions options = ServerOptions.defaults()
                    .withHost(settings.server().host())
                    .withPort(settings.server().port())
                    .withCompressionThresholdBytes(-1)
                    .withStreamRequestBodies(true)
                    .withMaxBodyBytes(settings.server().maxBodyBytes())
                    .withRequestTimeoutMs(requestTimeout(settings).toMillis());
            HttpServer server = app.listen(options, loops);
            return new Gateway(server, auth, detector, registry, owned);
        } catch (RuntimeException e) {
            closeAll(owned.subList(stores.size() + 1, owned.size()));
            loops.close();
            throw e;
        }
    }

    /**
     * The server's own per-request deadline sits past the longest upstream timeout (after a connect
     * failure and its retry), so a slow upstream is answered 504 by the proxy (naming the upstream)
     * rather than 503 by the server. It ends when the response head is sent: a streamed body is not timed.
     */
    private static Duration requestTimeout(GatewaySettings settings) {
        Duration longest = Duration.ZERO;
        for (UpstreamSettings upstream : settings.upstreams()) {
            longest = max(longest, upstream.responseTimeout().plus(upstream.connectTimeout().multipliedBy(2)));
        }
        for (ApiRoute route : settings.apiRoutes()) {
            if (route.timeout() != null) {
                longest = max(longest, route.timeout().plus(Duration.ofSeconds(2)));
            }
        }
        return longest.plus(Duration.ofSeconds(5));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void gauges(PrometheusMeterRegistry registry, OverloadDetector detector, RateLimit rateLimit) {
        Gauge.builder("gateway.shed.level", detector, d -> d.level())
                .description("priorities being shed: 0 none, 1 priority 3, 2 priorities 2-3, 3 priorities 1-3")
                .register(registry);
        Gauge.builder("gateway.inflight", detector, d -> d.inFlight())
                .description("requests admitted past shedding and not finished")
                .register(registry);
        Gauge.builder("gateway.ratelimit.shared", rateLimit, r -> r.shared() ? 1 : 0)
                .description("1 while limits are enforced in Redis, 0 while the local fallback (or refusal) is in use")
                .register(registry);
    }

    public int port() {
        return server.port();
    }

    public GatewayAuth auth() {
        return auth;
    }

    public OverloadDetector overload() {
        return detector;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops accepting, lets in-flight requests finish (bounded by the server's shutdown timeout), then closes the rest. */
    @Override
    public void close() {
        server.shutdown().join();
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Gateway.class).warn("closing {} failed", parts.get(i), e);
            }
        }
    }
}
