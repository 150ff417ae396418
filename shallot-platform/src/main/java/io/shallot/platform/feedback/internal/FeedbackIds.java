package io.shallot.platform.feedback.internal;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Feedback ids: 26 characters of Crockford's base 32, ten for the millisecond of submission and
 * sixteen (80 bits) random, so ids sort as text by submission time, and processes need not agree
 * on anything to make them unique. Ids of the same millisecond sort in no particular order.
 */
public final class FeedbackIds {
    private static final char[] DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

    private FeedbackIds() {
    }

    public static String next(Instant at) {
        char[] id = new char[26];
        long millis = at.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            id[i] = DIGITS[(int) (millis & 31)];
            millis >>>= 5;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 10; i < 26; i++) {
            id[i] = DIGITS[random.nextInt(32)];
        }
        return new String(id);
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
