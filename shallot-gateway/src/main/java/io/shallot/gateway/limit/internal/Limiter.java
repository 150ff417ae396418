package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Refusal;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Decides an {@link Ask} with Redis when it answers within the timeout, else by the fail mode:
 * open answers from the process's own {@link LocalGcra}; closed refuses with
 * {@link Refusal#LIMITER_UNAVAILABLE}. See {@link Availability} for how outages are found and end.
 * The asks a loop makes in one turn share their Redis calls ({@link Batcher}); the timeout runs on
 * the loop's own timer, so waiting for Redis wakes no other thread.
 *
 * <p>Threading: call {@link #acquire} on the loop it names; the promise settles there.
 */
public final class Limiter {
    private final RedisGcra redis;
    private final LocalGcra local;
    private final Availability availability;
    private final Duration timeout;
    private final Map<String, String> unavailableHeaders;
    private final Map<Loop, Batcher> batchers = new ConcurrentHashMap<>();

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
        return batchers.computeIfAbsent(loop, l -> new Batcher(l, this)).add(ask);
    }

    /**
     * Sends one batch to Redis and settles its answers on {@code loop}, with Redis's decisions or the
     * fallback's; then tells {@code answered}, on {@code loop}, whether Redis decided.
     */
    void send(Loop loop, Batcher.Batch batch, Consumer<Boolean> answered) {
        CompletableFuture<List<Decision>> reply;
        try {
            reply = redis.acquire(batch.asks());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<List<Decision>> bounded = reply;
        Timer timer = loop.setTimeout(() -> bounded.completeExceptionally(
                new TimeoutException("Redis did not answer within " + timeout.toMillis() + " ms")), Math.max(1, timeout.toMillis()));
        reply.whenComplete((decisions, error) -> {
            Runnable settle = () -> {
                try {
                    settle(loop, timer, batch, decisions, error);
                } finally {
                    answered.accept(error == null);
                }
            };
            if (loop.inLoop()) {
                settle.run();
            } else {
                loop.execute(settle);
            }
        });
    }

    private void settle(Loop loop, Timer timer, Batcher.Batch batch, List<Decision> decisions, Throwable error) {
        loop.clearTimeout(timer);
        List<Deferred<Decision>> answers = batch.answers();
        if (error == null) {
            availability.succeeded();
            for (int i = 0; i < answers.size(); i++) {
                answers.get(i).resolve(decisions.get(i));
            }
            return;
        }
        availability.failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        fallback(loop, batch);
    }

    /** Settles every answer of {@code batch} as the fail mode says, without Redis. */
    void fallback(Loop loop, Batcher.Batch batch) {
        List<Deferred<Decision>> answers = batch.answers();
        for (int i = 0; i < answers.size(); i++) {
            answers.get(i).resolveWith(fallback(loop, batch.asks().get(i)));
        }
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
