package io.shallot.web.middleware;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopGroup;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.Next;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Request and loop metrics in a Micrometer {@link PrometheusMeterRegistry}, phase {@link Phase#EDGE}.
 * As a middleware it records, for every request, the Timer {@code http.server.requests}
 * (Prometheus: {@code http_server_requests_seconds_count/_sum/_max}) tagged:
 * <ul>
 *   <li>{@code method}: the request method, or {@code OTHER} for methods outside RFC 9110's;</li>
 *   <li>{@code route}: the matched route pattern ({@code /users/:id}), never the raw path, which
 *       would make one series per user; a middleware serving without the router names its route
 *       in {@code ctx.state()} under {@link #ROUTE_STATE_KEY} (static files: {@code prefix/*});
 *       with neither, {@code NOT_FOUND} for a 404, {@code REDIRECTION} for a 3xx and
 *       {@code UNKNOWN} otherwise (a 401 from an auth middleware before routing, a 405);</li>
 *   <li>{@code status}: the status sent (for an error, the error responder's);</li>
 *   <li>{@code outcome}: {@code INFORMATIONAL}, {@code SUCCESS}, {@code REDIRECTION},
 *       {@code CLIENT_ERROR} or {@code SERVER_ERROR}.</li>
 * </ul>
 * Gauges: {@code http.server.requests.active} (requests inside this middleware now) and, for each
 * loop that served a request (or was {@link #bind bound}), {@code shallot.loop.delay.p50},
 * {@code .p99} and {@code .max} in seconds, tagged {@code loop}, from {@link Loop#delay()}.
 *
 * <p>{@link #endpoint()} serves the registry at {@code /metrics} in the Prometheus text format.
 * For latency histograms, add a {@code MeterFilter} to {@link #registry()}. Recording is a few map
 * lookups on the loop, done when the response is finished (so a request answered 503 by the
 * server's request timeout is recorded as such).
 */
public final class Metrics implements Phased {
    /** Key in {@code ctx.state()} naming the route of a response no router matched, e.g. {@code "/assets/*"}. */
    public static final String ROUTE_STATE_KEY = "shallot.route";
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private final PrometheusMeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<Loop, Boolean> loops = new ConcurrentHashMap<>();

    private Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("http.server.requests.active", active, AtomicInteger::get)
                .description("HTTP requests being served")
                .register(registry);
    }

    /** Metrics in a new registry of their own. */
    public static Metrics create() {
        return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Metrics recorded into {@code registry}, which may hold other meters of the app. */
    public static Metrics create(PrometheusMeterRegistry registry) {
        return new Metrics(Objects.requireNonNull(registry, "registry"));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Registers the loop-delay gauges of every loop in {@code group} before any request. Each loop
     * registers its own on its thread (soon after this returns): a loop's name, the {@code loop}
     * tag, is its thread's, which does not exist before the loop first runs.
     */
    public Metrics bind(LoopGroup group) {
        group.loops().forEach(loop -> loop.execute(() -> bind(loop)));
        return this;
    }

    private void bind(Loop loop) {
        if (loops.putIfAbsent(loop, Boolean.TRUE) == null) {
            gauge("shallot.loop.delay.p50", loop, "median event-loop delay", l -> l.delay().p50Nanos() / 1e9);
            gauge("shallot.loop.delay.p99", loop, "99th percentile event-loop delay", l -> l.delay().p99Nanos() / 1e9);
            gauge("shallot.loop.delay.max", loop, "largest event-loop delay", l -> l.delay().maxNanos() / 1e9);
        }
    }

    private void gauge(String name, Loop loop, String description, ToDoubleFunction<Loop> value) {
        Gauge.builder(name, loop, value).tag("loop", loop.name()).baseUnit("seconds").description(description)
                .strongReference(true).register(registry);
    }

    /** The Prometheus endpoint at {@code /metrics}. */
    public Phased endpoint() {
        return endpoint("/metrics");
    }

    /**
     * Answers GET and HEAD at exactly {@code path} with the registry's Prometheus text
     * ({@value #PROMETHEUS_TEXT}, {@code Cache-Control: no-store}); other methods there get 405 with
     * {@code Allow}; other paths pass on. Phase {@link Phase#SECURITY}: it answers before body
     * parsing and authentication, so put it behind a network boundary, not behind a login. The
     * text is rendered on the loop, in time proportional to the number of series.
     */
    public Phased endpoint(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an endpoint path starts with '/': " + path);
        }
        return Phased.of(Phase.SECURITY, "Metrics.endpoint(" + path + ")", (ctx, next) -> {
            if (!path.equals(ctx.path())) {
                return next.run();
            }
            if (!"GET".equals(ctx.method()) && !"HEAD".equals(ctx.method())) {
                throw new HttpException(405, -1, "Method Not Allowed", Map.of("Allow", "GET, HEAD"), null);
            }
            ctx.state().put(ROUTE_STATE_KEY, path);
            ctx.set("Cache-Control", "no-store");
            ctx.type(PROMETHEUS_TEXT);
            ctx.body(registry.scrape());
            return Promise.resolve(ctx.loop(), null);
        });
    }

    @Override
    public Phase phase() {
        return Phase.EDGE;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        bind(ctx.loop());
        long start = System.nanoTime();
        active.incrementAndGet();
        ctx.onFinish(done -> record(done, done.status(), start));
        return next.run();
    }

    private void record(Context ctx, int status, long start) {
        active.decrementAndGet();
        Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", METHODS.contains(ctx.method()) ? ctx.method() : "OTHER")
                .tag("route", route(ctx, status))
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static String route(Context ctx, int status) {
        String pattern = ctx.routePattern();
        if (pattern != null) {
            return pattern;
        }
        if (ctx.state().get(ROUTE_STATE_KEY) instanceof String named) {
            return named;
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        return status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
    }

    private static String outcome(int status) {
        if (status < 200) {
            return "INFORMATIONAL";
        }
        if (status < 300) {
            return "SUCCESS";
        }
        if (status < 400) {
            return "REDIRECTION";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }

    @Override
    public String toString() {
        return "Metrics";
    }
}
