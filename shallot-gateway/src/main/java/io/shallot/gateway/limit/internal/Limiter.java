package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Refusal;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Decides an {@link Ask} with Redis when it answers within the timeout, else by the fail mode:
 * open answers from the process's own {@link LocalGcra}; closed refuses with
 * {@link Refusal#LIMITER_UNAVAILABLE}. See {@link Availability} for how outages are found and end.
 *
 * <p>Threading: thread-safe; the promise settles on the given loop.
 */
public final class Limiter {
    private final RedisGcra redis;
    private final LocalGcra local;
    private final Availability availability;
    private final Duration timeout;
    private final Map<String, String> unavailableHeaders;

    /** @param local the fallback when the fail mode is open; null when it is closed */
    public Limiter(RedisGcra redis, LocalGcra local, Availability availability, Duration timeout, Duration retryAfter) {
        this.redis = redis;
        this.local = local;
        this.availability = availability;
        this.timeout = timeout;
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        this.unavailableHeaders = Map.of("Retry-After", Long.toString(seconds));
    }

    public Promise<Decision> acquire(Loop loop, Ask ask) {
        if (!availability.tryRedis()) {
            return fallback(loop, ask);
        }
        CompletableFuture<Decision> shared;
        try {
            shared = redis.acquire(ask, timeout);
        } catch (RuntimeException e) {
            shared = CompletableFuture.failedFuture(e);
        }
        return Promise.from(loop, shared).then(decision -> {
            availability.succeeded();
            return decision;
        }).recoverWith(error -> {
            availability.failed(error);
            return fallback(loop, ask);
        });
    }

    private Promise<Decision> fallback(Loop loop, Ask ask) {
        if (local == null) {
            return Promise.reject(loop, Refusal.LIMITER_UNAVAILABLE.exception(unavailableHeaders));
        }
        return Promise.resolve(loop, local.acquire(ask));
    }

    public boolean shared() {
        return !availability.isDown();
    }

    public long outages() {
        return availability.outages();
    }
}
