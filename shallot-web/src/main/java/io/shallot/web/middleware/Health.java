package io.shallot.web.middleware;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.Next;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness and readiness probes, phase {@link Phase#SECURITY} (answered before body parsing and
 * authentication: probes do not log in).
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"ret":0,"message":"success","data":{"status":"up"}}}
 *       whenever the loop gets to answer it. Nothing is checked: a failing dependency must not make
 *       the orchestrator restart a process that is fine.</li>
 *   <li>{@code GET /health/ready}: runs every check at once, each bounded by the timeout. All up:
 *       200 with {@code data.checks} = {@code {"name": "up"}}. Otherwise 503 with the envelope,
 *       {@code ret} -1, message {@code "not ready: db, cache"}, {@code data.failing} the failing
 *       names in registration order and {@code data.checks} each one's result: {@code up},
 *       {@code down} (the promise fulfilled with false or null), {@code error} (it threw or
 *       rejected; logged at WARN with the cause, never sent) or {@code timeout}.</li>
 * </ul>
 * A check is a {@code Supplier<Promise<Boolean>>} called on the request's loop thread, so it may use
 * {@code Loop.current()}; it must not block (wrap blocking calls with {@code Promise.from}). Both
 * answers carry {@code Cache-Control: no-store}; other methods on those paths get 405. Immutable:
 * {@link #withCheck} and the other {@code with} methods return copies.
 */
public final class Health implements Phased {
    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private final Map<String, Supplier<Promise<Boolean>>> checks;
    private final long timeoutMs;
    private final String livePath;
    private final String readyPath;

    private Health(Map<String, Supplier<Promise<Boolean>>> checks, long timeoutMs, String livePath, String readyPath) {
        this.checks = Collections.unmodifiableMap(checks);
        this.timeoutMs = timeoutMs;
        this.livePath = livePath;
        this.readyPath = readyPath;
    }

    /** No checks, a 2000 ms timeout, at {@code /health/live} and {@code /health/ready}. */
    public static Health create() {
        return new Health(new LinkedHashMap<>(), 2000, "/health/live", "/health/ready");
    }

    /** A copy with one more readiness check; names are unique. */
    public Health withCheck(String name, Supplier<Promise<Boolean>> check) {
        Objects.requireNonNull(check, "check");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a health check needs a name");
        }
        if (checks.containsKey(name)) {
            throw new IllegalArgumentException("health check \"" + name + "\" is already registered");
        }
        Map<String, Supplier<Promise<Boolean>>> copy = new LinkedHashMap<>(checks);
        copy.put(name, check);
        return new Health(copy, timeoutMs, livePath, readyPath);
    }

    /** A copy whose checks each fail as {@code timeout} after {@code ms} (default 2000). */
    public Health withTimeoutMs(long ms) {
        if (ms < 1) {
            throw new IllegalArgumentException("a health check timeout must be >= 1 ms, got " + ms);
        }
        return new Health(checks, ms, livePath, readyPath);
    }

    public Health withPaths(String live, String ready) {
        if (!live.startsWith("/") || !ready.startsWith("/") || live.equals(ready)) {
            throw new IllegalArgumentException("health paths start with '/' and differ, got " + live + " and " + ready);
        }
        return new Health(checks, timeoutMs, live, ready);
    }

    @Override
    public Phase phase() {
        return Phase.SECURITY;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        String path = ctx.path();
        boolean live = path.equals(livePath);
        if (!live && !path.equals(readyPath)) {
            return next.run();
        }
        if (!"GET".equals(ctx.method()) && !"HEAD".equals(ctx.method())) {
            throw new HttpException(405, -1, "Method Not Allowed", Map.of("Allow", "GET, HEAD"), null);
        }
        ctx.state().put(Metrics.ROUTE_STATE_KEY, path);
        ctx.set("Cache-Control", "no-store");
        if (live) {
            ctx.json(Envelope.ok(Map.of("status", "up")));
            return Promise.resolve(ctx.loop(), null);
        }
        List<String> names = new ArrayList<>(checks.keySet());
        List<Promise<String>> results = new ArrayList<>();
        for (String name : names) {
            results.add(run(ctx, name, checks.get(name)));
        }
        return Promise.all(results).thenAccept(outcomes -> {
            Map<String, String> byName = new LinkedHashMap<>();
            List<String> failing = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), outcomes.get(i));
                if (!"up".equals(outcomes.get(i))) {
                    failing.add(names.get(i));
                }
            }
            if (failing.isEmpty()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", "up");
                data.put("checks", byName);
                ctx.json(Envelope.ok(data));
            } else {
                ctx.status(503);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", "down");
                data.put("failing", failing);
                data.put("checks", byName);
                ctx.json(new Envelope(-1, "not ready: " + String.join(", ", failing), data));
            }
        });
    }

    /** Fulfils with up, down, error or timeout; never rejects. */
    private Promise<String> run(Context ctx, String name, Supplier<Promise<Boolean>> check) {
        Loop loop = ctx.loop();
        Deferred<String> outcome = Promise.defer(loop);
        Timer timer = loop.setTimeout(() -> {
            LOG.warn("health check {} timed out after {} ms [request {}]", name, timeoutMs, ctx.requestId());
            outcome.resolve("timeout");
        }, timeoutMs).unref();
        Promise<Boolean> result;
        try {
            result = Objects.requireNonNull(check.get(), "health check returned null instead of a Promise");
        } catch (Throwable t) {
            result = Promise.reject(loop, t);
        }
        result.then(up -> {
            outcome.resolve(Boolean.TRUE.equals(up) ? "up" : "down");
            return null;
        }, error -> {
            LOG.warn("health check {} failed [request {}]", name, ctx.requestId(), error);
            outcome.resolve("error");
            return null;
        });
        return outcome.promise().then(value -> {
            loop.clearTimeout(timer);
            return value;
        });
    }

    @Override
    public String toString() {
        return "Health(" + livePath + ", " + readyPath + ")";
    }
}
