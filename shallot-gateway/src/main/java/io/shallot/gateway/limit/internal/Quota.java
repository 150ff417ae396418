package io.shallot.gateway.limit.internal;

/**
 * Where one limit stands after a check, in the terms of the RateLimit header fields.
 *
 * @param allowed      whether this limit lets the request through
 * @param limit        the most requests the limit admits at once (the rate's burst)
 * @param remaining    how many more would be admitted right now
 * @param resetMicros  how long until the limit is full again
 * @param retryMicros  when refused, how long until a request would be admitted; else 0
 */
public record Quota(boolean allowed, long limit, long remaining, long resetMicros, long retryMicros) {
    private static final long MICROS_PER_SECOND = 1_000_000;

    /** {@link #resetMicros} in whole seconds, rounded up. */
    public long resetSeconds() {
        return ceilSeconds(resetMicros);
    }

    /** {@link #retryMicros} in whole seconds, rounded up and at least 1: a client must not retry at once. */
    public long retrySeconds() {
        return Math.max(1, ceilSeconds(retryMicros));
    }

    private static long ceilSeconds(long micros) {
        return Math.max(0, (micros + MICROS_PER_SECOND - 1) / MICROS_PER_SECOND);
    }
}
