package io.shallot.web.middleware.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Appends an ISO-8601 UTC timestamp to the millisecond ({@code 2026-11-27T00:01:02.123Z}), formatting
 * the date and time only when the second changes. Not thread-safe: one per loop.
 */
public final class UtcMillis {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);
    private static final long RESYNC_NANOS = 1_000_000_000L;
    private long second = Long.MIN_VALUE;
    private String prefix;
    private long wallBase;
    private long nanoBase;
    private boolean synced;

    /**
     * Appends the wall-clock time of a {@link System#nanoTime()} reading. The wall clock itself is
     * read at most once a second: on a VM each clock read is a few tens of nanoseconds, and a caller
     * that already has a monotonic reading (a request's end, for its duration) need not pay another.
     * Wall-clock steps show within a second.
     */
    public StringBuilder appendNanoTime(StringBuilder out, long nanoTime) {
        long since = nanoTime - nanoBase;
        if (!synced || since < 0 || since >= RESYNC_NANOS) {
            wallBase = System.currentTimeMillis();
            nanoBase = System.nanoTime();
            synced = true;
            since = nanoTime - nanoBase;
        }
        return append(out, wallBase + Math.floorDiv(since, 1_000_000L));
    }

    public StringBuilder append(StringBuilder out, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            prefix = SECONDS.format(Instant.ofEpochSecond(s));
            second = s;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        out.append(prefix).append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10));
        return out.append('Z');
    }
}
