package io.shallot.platform.diagnostics.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Ids of pulls, reports and uploads: 128 random bits in hex. A pull's id is all an app needs to
 * upload to it, so it must not be guessable the way an ObjectId (time and counter) is.
 */
public final class RecordIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
