package io.shallot.gateway.limit.internal;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the rate-limit checks that one loop makes in one turn, so they go to Redis as one script
 * call per app instead of one call per request. The first check of a turn schedules the send with
 * {@code setImmediate}: it goes out once the loop has read, and run up to its rate limit, every
 * request that arrived with it, so no request waits longer than one round trip, and a lone request
 * waits no longer than before. Under load that saves a command, its wakeups of the Redis client's
 * thread and of this loop, and the script's reads and writes, per request.
 *
 * <p>One call per app (at most {@value #MAX_ASKS} asks): the keys of one app carry its appid as a
 * Redis Cluster hash tag, so each call stays within one slot. The script decides the asks in
 * arrival order, each all or nothing, as if they had come one by one.
 *
 * <p>Threading: one instance per loop, used only on that loop's thread.
 */
final class Batcher {
    static final int MAX_ASKS = 64;

    private final Loop loop;
    private final Limiter limiter;
    private Map<String, Batch> open = new LinkedHashMap<>();

    /** The asks of one app gathered in this turn, and the promises waiting for their decisions. */
    record Batch(List<Ask> asks, List<Deferred<Decision>> answers) {
        Batch() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    Batcher(Loop loop, Limiter limiter) {
        this.loop = loop;
        this.limiter = limiter;
    }

    Promise<Decision> add(Ask ask) {
        if (open.isEmpty()) {
            loop.setImmediate(this::send);
        }
        Batch batch = open.computeIfAbsent(ask.appKey(), key -> new Batch());
        Deferred<Decision> answer = Promise.defer(loop);
        batch.asks().add(ask);
        batch.answers().add(answer);
        if (batch.asks().size() == MAX_ASKS) {
            open.remove(ask.appKey());
            limiter.send(loop, batch);
        }
        return answer.promise();
    }

    private void send() {
        Map<String, Batch> due = open;
        open = new LinkedHashMap<>();
        due.values().forEach(batch -> limiter.send(loop, batch));
    }
}
