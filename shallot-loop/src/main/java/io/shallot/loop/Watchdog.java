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
 */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long PERIOD_MS = 20;
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
        s.scheduleAtFixedRate(Watchdog::inspectAll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    private static void inspectAll() {
        long now = System.nanoTime();
        for (Loop loop : LOOPS) {
            inspect(loop, now);
        }
    }

    private static void inspect(Loop loop, long now) {
        long seq = (long) Loop.CALLBACK_SEQ.getOpaque(loop);
        if ((seq & 1) == 0) {
            return; // between callbacks
        }
        long[] seen = SEEN.computeIfAbsent(loop, l -> new long[] {-1, 0});
        if (seen[0] != seq) {
            seen[0] = seq;
            seen[1] = now - PERIOD_MS * 1_000_000 / 2; // it started somewhere in the last period
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
            loop.options.onBlocked().accept(where);
        }
    }
}
