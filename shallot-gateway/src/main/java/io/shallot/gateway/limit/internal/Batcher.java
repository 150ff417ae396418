package io.shallot.gateway.limit.internal;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the rate-limit checks that one loop makes, so they go to Redis as one script call per
 * app instead of one call per request. The first check of a turn schedules the send with
 * {@code setImmediate}: it goes out once the loop has read, and run up to its rate limit, every
 * request that arrived with it. While an app's call is in flight, its later checks wait and go
 * together in the next call as soon as the answer is in: at most one call per app and loop is in
 * flight, so under load a call carries every check that arrived during the previous round trip.
 * A lone request waits for one round trip, as before; one that arrives during another's waits for
 * the rest of that one too. Under load that saves a command, its wakeups of the Redis client's
 * thread and of this loop, and the script's reads and writes, per request.
 *
 * <p>One call per app (at most {@value #MAX_ASKS} asks; a full batch goes at once, in flight or
 * not): the keys of one app carry its appid as a Redis Cluster hash tag, so each call stays within
 * one slot. The script decides the asks in arrival order, each all or nothing, as if they had come
 * one by one; calls of one app from one loop are sent in order on one connection.
 *
 * <p>Threading: one instance per loop, used only on that loop's thread.
 */
final class Batcher {
    static final int MAX_ASKS = 64;

    private final Loop loop;
    private final Limiter limiter;
    private final Map<String, Batch> open = new LinkedHashMap<>();
    /** Apps with a call in flight, and how many. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private boolean sendScheduled;

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
        String app = ask.appKey();
        Batch batch = open.computeIfAbsent(app, key -> new Batch());
        Deferred<Decision> answer = Promise.defer(loop);
        batch.asks().add(ask);
        batch.answers().add(answer);
        if (batch.asks().size() == MAX_ASKS) {
            open.remove(app);
            send(app, batch);
        } else if (!inFlight.containsKey(app)) {
            scheduleSend();
        }
        return answer.promise();
    }

    private void scheduleSend() {
        if (!sendScheduled) {
            sendScheduled = true;
            loop.setImmediate(this::sendWaiting);
        }
    }

    /** Sends the batch of every app without a call in flight; the others go when theirs is answered. */
    private void sendWaiting() {
        sendScheduled = false;
        for (Iterator<Map.Entry<String, Batch>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Batch> waiting = it.next();
            if (!inFlight.containsKey(waiting.getKey())) {
                it.remove();
                send(waiting.getKey(), waiting.getValue());
            }
        }
    }

    private void send(String app, Batch batch) {
        inFlight.merge(app, 1, Integer::sum);
        limiter.send(loop, batch, redisDecided -> answered(app, redisDecided));
    }

    /**
     * The app's call is answered: its waiting checks go next, unless Redis just failed, which
     * started or continued an outage; then they get the fail mode's answer now rather than wait for
     * another timeout.
     */
    private void answered(String app, boolean redisDecided) {
        if (inFlight.merge(app, -1, Integer::sum) > 0) {
            return;
        }
        inFlight.remove(app);
        if (!redisDecided && open.containsKey(app)) {
            limiter.fallback(loop, open.remove(app));
        } else if (open.containsKey(app)) {
            scheduleSend();
        }
    }
}
