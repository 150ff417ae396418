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
    private long second = Long.MIN_VALUE;
    private String prefix;

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
