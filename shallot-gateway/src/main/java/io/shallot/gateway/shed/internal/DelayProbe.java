package io.shallot.gateway.shed.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delay of one loop, fresh: an unref'd interval timer on the loop notes how late each tick
 * comes. {@link Loop#delay()} is a histogram over the loop's whole life, so its percentiles hardly
 * move when an overload starts or ends; this reads the worst lateness since the previous read,
 * and counts a tick that is overdue right now, so a loop stuck in one long callback shows its
 * delay while it is stuck, not only afterwards.
 *
 * <p>Threading: created and stopped on its loop (the timer is loop-confined); {@link #read} from
 * any thread.
 */
public final class DelayProbe {
    private final long intervalNanos;
    private final AtomicLong worst = new AtomicLong();
    private volatile long lastTick;
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
        if (late > 0) {
            worst.accumulateAndGet(late, Math::max);
        }
    }

    /** The worst lateness since the previous read, or how overdue the next tick is, if more. */
    public long read(long nowNanos) {
        long overdue = nowNanos - lastTick - intervalNanos;
        return Math.max(Math.max(0, overdue), worst.getAndSet(0));
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
