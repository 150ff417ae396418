package io.shallot.examples.logging;

import com.lmax.disruptor.WaitStrategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.core.async.AsyncWaitStrategyFactory;

/**
 * Named in the distribution's {@code log4j2.xml} ({@code <AsyncWaitStrategyFactory class=.../>}): the
 * async loggers' writer thread waits with a {@link SliceWaitStrategy} aiming at 50 us of work per
 * wake-up, sleeping 1 to 10 ms. Log4j2 takes a configured factory only for {@code <AsyncLogger>} and
 * {@code <AsyncRoot>}, not under the all-async context selector, whose disruptor starts before the
 * configuration is read.
 */
public final class SliceWaitStrategyFactory implements AsyncWaitStrategyFactory {
    static final long SLICE_NANOS = 100_000;
    static final long MIN_SLEEP_NANOS = 1_000_000;
    static final long MAX_SLEEP_NANOS = 10_000_000;

    @Override
    public WaitStrategy createWaitStrategy() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new SliceWaitStrategy(SLICE_NANOS, MIN_SLEEP_NANOS, MAX_SLEEP_NANOS,
                threads::getCurrentThreadCpuTime, LockSupport::parkNanos);
    }
}
