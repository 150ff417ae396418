package io.shallot.loop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that looks at every running loop and reports, once per callback, a loop held
 * by a single callback longer than its threshold, with the stack of the code that holds it.
 *
 * <p>It looks every quarter of the smallest threshold (5 to 50 ms), so a report comes at most about a
 * quarter of the threshold late. Each look wakes a thread that, on a server with a loop per core,
 * takes a loop's core for a moment: with the default threshold of 200 ms that is 20 times a second.
 */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long MIN_PERIOD_MS = 5;
    private static final long MAX_PERIOD_MS = 50;
    private static final Set<Loop> LOOPS = ConcurrentHashMap.newKeySet();
    private static final ConcurrentHashMap<Loop, Long> REPORTED = new ConcurrentHashMap<>();
    /** Per loop: the busy callbackSeq last seen, and when it was first seen. */
    private static final ConcurrentHashMap<Loop, long[]> SEEN = new ConcurrentHashMap<>();
    private static volatile ScheduledExecutorService scheduler;

    private Watchdog() {
    }

    static void watch(Loop loop) {
        if (loop.options.blockedThresholdMs() == 0) {
            return;
        }
        LOOPS.add(loop);
        if (scheduler == null) {
            startScheduler();
        }
    }

    static void unwatch(Loop loop) {
        LOOPS.remove(loop);
        REPORTED.remove(loop);
        SEEN.remove(loop);
    }

    private static synchronized void startScheduler() {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shallot-watchdog");
            t.setDaemon(true);
            return t;
        });
        scheduler = s;
        long firstMs = periodMs(LOOPS);
        s.schedule(() -> look(firstMs), firstMs, TimeUnit.MILLISECONDS);
    }

    /** Looks at every loop, then schedules the next look for the thresholds watched now. */
    private static void look(long sincePreviousMs) {
        long now = System.nanoTime();
        long periodMs = periodMs(LOOPS);
        try {
            for (Loop loop : LOOPS) {
                inspect(loop, now, sincePreviousMs);
            }
        } finally {
            scheduler.schedule(() -> look(periodMs), periodMs, TimeUnit.MILLISECONDS);
        }
    }

    private static long periodMs(Iterable<Loop> loops) {
        long smallest = Long.MAX_VALUE;
        for (Loop loop : loops) {
            smallest = Math.min(smallest, loop.options.blockedThresholdMs());
        }
        return Math.clamp(smallest / 4, MIN_PERIOD_MS, MAX_PERIOD_MS);
    }

    private static void inspect(Loop loop, long now, long sincePreviousMs) {
        long seq = (long) Loop.CALLBACK_SEQ.getOpaque(loop);
        if ((seq & 1) == 0) {
            return; // between callbacks
        }
        long[] seen = SEEN.computeIfAbsent(loop, l -> new long[] {-1, 0});
        if (seen[0] != seq) {
            seen[0] = seq;
            seen[1] = now - sincePreviousMs * 1_000_000 / 2; // it started somewhere since the last look
            return;
        }
        long since = seen[1];
        long thresholdNanos = loop.options.blockedThresholdMs() * 1_000_000;
        if (now - since < thresholdNanos) {
            return;
        }
        Long reported = REPORTED.get(loop);
        if (reported != null && reported == seq) {
            return;
        }
        Thread thread = loop.thread;
        if (thread == null || (long) Loop.CALLBACK_SEQ.getOpaque(loop) != seq) {
            return;
        }
        REPORTED.put(loop, seq);
        BlockedLoopException where = new BlockedLoopException(loop.name(), (now - since) / 1_000_000,
                loop.options.blockedThresholdMs());
        where.setStackTrace(thread.getStackTrace());
        LOG.warn(where.getMessage(), where);
        if (loop.options.onBlocked() != null) {
            try {
                loop.options.onBlocked().accept(where);
            } catch (RuntimeException e) {
                LOG.warn("the onBlocked handler of loop {} failed", loop.name(), e);
            }
        }
    }
}
