package io.shallot.platform.inbox.internal;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Time scores and message ids. A tick is the clock's milliseconds times 1,000 plus a counter, and
 * never repeats or goes back within a process, so messages sent in one millisecond still sort and
 * page apart; it stays below 2^53, so Redis keeps it exactly as a score. An id is the tick in 14
 * hex digits and 6 random ones: ids sort by time, and its tick is read back from it.
 */
public final class Ticks {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{20}");
    private static final Pattern TICK = Pattern.compile("\\d{1,16}");

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public Ticks(Clock clock) {
        this.clock = clock;
    }

    public long next() {
        long floor = clock.millis() * 1000;
        return last.updateAndGet(previous -> Math.max(previous + 1, floor));
    }

    public static String id(long tick) {
        return String.format("%014x%06x", tick, ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static long tickOf(String id) {
        return Long.parseLong(id.substring(0, 14), 16);
    }

    public static long millisOf(long tick) {
        return tick / 1000;
    }

    /** Whether {@code text} is a tick as a page cursor spells it: decimal digits. */
    public static boolean validTick(String text) {
        return text != null && TICK.matcher(text).matches();
    }
}
