package io.shallot.gateway.shed.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delay of one loop, fresh: an unref'd interval timer on the loop notes how late each tick
 * comes. {@link Loop#delay()} is a histogram over the loop's whole life, so its percentiles hardly
 * move when an overload starts or ends; this reads the lateness of the latest tick, the worst
 * since the previous read, and how overdue the next tick is right now, whichever is most. The
 * latest tick's lateness holds until the next tick, so a loop saturated by a stream of long turns
 * reads as late all through each turn, not only when a tick lands between two reads; and the
 * overdue tick makes a loop stuck in one long callback show its delay while it is stuck.
 *
 * <p>Threading: created and stopped on its loop (the timer is loop-confined); {@link #read} from
 * any thread.
 */
public final class DelayProbe {
    private final long intervalNanos;
    private final AtomicLong worst = new AtomicLong();
    private volatile long lastTick;
    private volatile long lastLate;
    private Timer timer;

    private DelayProbe(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Starts probing {@code loop}; call on that loop's thread. */
    public static DelayProbe start(Loop loop, Duration interval) {
        DelayProbe probe = new DelayProbe(interval.toNanos());
        probe.lastTick = System.nanoTime();
        probe.timer = loop.setInterval(probe::tick, interval.toMillis()).unref();
        return probe;
    }

    private void tick() {
        long now = System.nanoTime();
        long late = now - lastTick - intervalNanos;
        lastTick = now;
        lastLate = Math.max(0, late);
        if (late > 0) {
            worst.accumulateAndGet(late, Math::max);
        }
    }

    /** The latest tick's lateness, the worst since the previous read, or how overdue the next tick is: the most. */
    public long read(long nowNanos) {
        long overdue = nowNanos - lastTick - intervalNanos;
        return Math.max(Math.max(overdue, lastLate), worst.getAndSet(0));
    }

    /** Stops the timer, on its loop; a loop that has ended took the timer with it. */
    public void stop(Loop loop) {
        try {
            loop.execute(() -> timer.close());
        } catch (RejectedExecutionException ended) {
            // the loop is gone, and its timers with it
        }
    }
}
