package io.shallot.web.server.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: an incoming one is kept when it is short and plain; otherwise 16 random hex digits. */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private RequestIds() {
    }

    public static String fromHeaderOrNew(String incoming) {
        return isAcceptable(incoming) ? incoming : newId();
    }

    public static String newId() {
        long bits = ThreadLocalRandom.current().nextLong();
        byte[] hex = new byte[16];
        for (int i = 15; i >= 0; i--) {
            hex[i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        return new String(hex, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static boolean isAcceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
