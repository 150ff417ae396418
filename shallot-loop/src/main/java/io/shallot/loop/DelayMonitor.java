package io.shallot.loop;

import org.HdrHistogram.SynchronizedHistogram;

/**
 * Samples loop delay the way Node's {@code monitorEventLoopDelay} does: a sample is due every
 * resolution interval; how late the timers phase gets to it is the delay. It is not a timer of
 * its own, so it never keeps the loop alive nor changes the order of user callbacks.
 */
final class DelayMonitor {
    private static final long HIGHEST_NANOS = 3_600_000_000_000L;
    private final long resolutionNanos;
    private final SynchronizedHistogram histogram = new SynchronizedHistogram(HIGHEST_NANOS, 2);
    private long dueNanos;

    DelayMonitor(long resolutionMs) {
        this.resolutionNanos = resolutionMs * 1_000_000;
        this.dueNanos = resolutionNanos == 0 ? Long.MAX_VALUE : System.nanoTime() + resolutionNanos;
    }

    long nextDueNanos() {
        return dueNanos;
    }

    void sampleIfDue(long nowNanos) {
        if (nowNanos < dueNanos) {
            return;
        }
        histogram.recordValue(Math.min(nowNanos - dueNanos, HIGHEST_NANOS));
        dueNanos = nowNanos + resolutionNanos;
    }

    LoopDelay snapshot() {
        SynchronizedHistogram h = histogram.copy();
        return new LoopDelay(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue(), h.getTotalCount() == 0 ? 0 : h.getMean());
    }
}
