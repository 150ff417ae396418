package io.shallot.web.server.internal;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: an incoming one is kept when it is short and plain; otherwise 16 random hex digits. */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private RequestIds() {
    }

    public static String fromHeaderOrNew(String incoming) {
        return isAcceptable(incoming) ? incoming : newId();
    }

    /** 16 lowercase hex digits of a random long; a table lookup per digit is a third of HexFormat's cost. */
    public static String newId() {
        long bits = ThreadLocalRandom.current().nextLong();
        byte[] hex = new byte[16];
        for (int i = hex.length - 1; i >= 0; i--) {
            hex[i] = HEX_DIGITS[(int) bits & 0xf];
            bits >>>= 4;
        }
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code id} as a header value Netty copies to the wire in one go rather than character by
     * character; an id from this class is plain ASCII, which is all this keeps.
     */
    public static AsciiString headerValue(String id) {
        return new AsciiString(id.getBytes(StandardCharsets.ISO_8859_1), false);
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
