package io.shallot.web.server.internal;

import java.util.function.LongSupplier;

/**
 * How many unexpected server errors one server logs with their stack traces: a burst of
 * {@value #BURST}, then one a second; the others are counted, and the next one logged says how many
 * were not. An outage that fails every request (a store down) would otherwise write a stack trace
 * per request, and the log's writer, its queue and its disk would set the server's pace. Shared by
 * the server's loops, hence the lock; taken only on the error path.
 */
final class ErrorLogBudget {
    static final int BURST = 10;
    private static final long REFILL_NANOS = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private long tokens = BURST;
    private long refilledAt;
    private long withheld;

    ErrorLogBudget(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.refilledAt = nanoTime.getAsLong();
    }

    static ErrorLogBudget create() {
        return new ErrorLogBudget(System::nanoTime);
    }

    /** -1 when this error is not to be logged; else how many were not since the last one that was. */
    synchronized long take() {
        long now = nanoTime.getAsLong();
        long earned = (now - refilledAt) / REFILL_NANOS;
        if (earned > 0) {
            tokens = Math.min(BURST, tokens + earned);
            refilledAt += earned * REFILL_NANOS;
        }
        if (tokens == 0) {
            withheld++;
            return -1;
        }
        tokens--;
        long told = withheld;
        withheld = 0;
        return told;
    }
}
