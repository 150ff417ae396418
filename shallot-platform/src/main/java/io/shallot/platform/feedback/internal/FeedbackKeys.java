package io.shallot.platform.feedback.internal;

import io.shallot.mvc.cache.Redis;

/**
 * Where feedback waits in Redis. Every key is {@code feedback:{q}:...} under the Redis prefix; the
 * braces make {@code q} a hash tag, so on a Redis Cluster the queue, the dead letters and the
 * idempotency records share a slot, as the scripts that touch several of them need.
 *
 * <p>Bounds: the queue holds at most {@code maxQueued} entries (submissions beyond are refused), the
 * dead letters about {@link #DEAD_LETTERS_KEPT} (the oldest are trimmed: they are kept for a look,
 * not for replay), an idempotency record lives for {@code idempotencyTtl}.
 */
public final class FeedbackKeys {
    /** The consumer group every worker reads the queue in. */
    public static final String GROUP = "store";
    public static final int DEAD_LETTERS_KEPT = 10_000;

    private final String base;

    public FeedbackKeys(Redis redis) {
        this.base = redis.key("feedback:{q}:");
    }

    /** The stream of feedback not yet stored. */
    public String queue() {
        return base + "queue";
    }

    /** The stream of entries that could not be stored, each with the reason. */
    public String deadLetters() {
        return base + "dead";
    }

    /** The id given to the submission sent with {@code idempotencyKey} (visible ASCII, last: it may hold {@code :}). */
    public String idempotency(String idempotencyKey) {
        return base + "idem:" + idempotencyKey;
    }
}
