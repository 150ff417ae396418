package io.shallot.examples.logging;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.function.LongSupplier;

/**
 * How the Log4j2 writer thread waits for events: it polls, sleeping between looks, and sizes each
 * sleep so that the work it then finds takes about {@code sliceNanos} of its CPU. Under load it
 * wakes more often and each wake-up is short; idle it sleeps the longest.
 *
 * <p>Why: an event loop shares its core with the writer (on a one-core container, or pinned). A
 * writer that wakes every 10 ms finds 10 ms of lines and holds the core for all of them, and every
 * request in flight waits that long: at 130k requests/s that is about 0.4 ms, the whole gap between
 * Shallot's full-load p99 and its p99 with the access log off (bench/README.md). A fixed 1-ms sleep
 * keeps slices short but wakes the writer 1,000 times a second on an idle server; a blocking strategy
 * wakes it per event, a system call on the logging thread for every log call. This one polls, so a
 * log call never signals anything, and it wakes 100 times a second when idle, as a fixed 10-ms sleep
 * does.
 *
 * <p>The CPU clock, not the wall clock, measures the work: the writer preempted by the loop in the
 * middle of a slice has not held the core meanwhile. A clock that does not move (a JVM without
 * thread CPU time) leaves every sleep at the longest. One consumer thread calls {@link #waitFor}.
 */
public final class SliceWaitStrategy implements WaitStrategy {
    private final long sliceNanos;
    private final long minSleepNanos;
    private final long maxSleepNanos;
    private final LongSupplier cpuClock;
    private final Sleeper sleeper;
    private long sleepNanos;
    private long sliceStart = -1;

    /** How the strategy sleeps: {@code LockSupport::parkNanos} outside tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos);
    }

    public SliceWaitStrategy(long sliceNanos, long minSleepNanos, long maxSleepNanos, LongSupplier cpuClock,
            Sleeper sleeper) {
        if (sliceNanos <= 0 || minSleepNanos <= 0 || maxSleepNanos < minSleepNanos) {
            throw new IllegalArgumentException("need 0 < slice, 0 < min sleep <= max sleep; got slice " + sliceNanos
                    + " ns, sleep " + minSleepNanos + "-" + maxSleepNanos + " ns");
        }
        this.sliceNanos = sliceNanos;
        this.minSleepNanos = minSleepNanos;
        this.maxSleepNanos = maxSleepNanos;
        this.cpuClock = cpuClock;
        this.sleeper = sleeper;
        this.sleepNanos = maxSleepNanos;
    }

    /** The sleep the next wait starts with. */
    long sleepNanos() {
        return sleepNanos;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException {
        long available = dependentSequence.get();
        if (available >= sequence) {
            return available;
        }
        if (sliceStart >= 0) {
            long work = Math.max(cpuClock.getAsLong() - sliceStart, 1);
            sleepNanos = Math.clamp((long) ((double) sleepNanos * sliceNanos / work), minSleepNanos, maxSleepNanos);
        }
        while (true) {
            barrier.checkAlert();
            sleeper.sleep(sleepNanos);
            available = dependentSequence.get();
            if (available >= sequence) {
                break;
            }
            sleepNanos = Math.min(sleepNanos * 2, maxSleepNanos);
        }
        sliceStart = cpuClock.getAsLong();
        return available;
    }

    /** Nothing to signal: the writer polls. */
    @Override
    public void signalAllWhenBlocking() {
    }
}
