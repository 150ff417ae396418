package io.shallot.web.middleware.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP dates (RFC 9110 §5.6.7): IMF-fixdate out; IMF-fixdate, RFC 850 and asctime in. */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private HttpDates() {
    }

    public static String format(long epochMillis) {
        return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Seconds since the epoch, or -1 when {@code value} is not an HTTP date. */
    public static long parseSeconds(String value) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        try {
            return Instant.from(IMF_FIXDATE.parse(v)).getEpochSecond();
        } catch (DateTimeParseException ignored) {
            // try the obsolete forms, which a recipient must still accept (RFC 9110 §5.6.7)
        }
        try {
            LocalDateTime t = LocalDateTime.parse(v, RFC_850);
            // RFC 9110: a two-digit year more than 50 years in the future means the past century.
            if (t.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                t = t.minusYears(100);
            }
            return t.toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not RFC 850 either
        }
        try {
            return LocalDateTime.parse(v, ASCTIME).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
