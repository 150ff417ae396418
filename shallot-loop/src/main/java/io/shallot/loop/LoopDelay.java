package io.shallot.loop;

/**
 * Event-loop delay since the loop started, in nanoseconds: how late a sample due at a fixed
 * interval ran.
 * A healthy loop shows p99 well under a millisecond; a loop blocked by a 50 ms callback shows a
 * max near 50 ms.
 */
public record LoopDelay(long count, long p50Nanos, long p99Nanos, long maxNanos, double meanNanos) {

    public double p50Millis() {
        return p50Nanos / 1e6;
    }

    public double p99Millis() {
        return p99Nanos / 1e6;
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }
}
