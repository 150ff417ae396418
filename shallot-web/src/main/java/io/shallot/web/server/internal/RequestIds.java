package io.shallot.web.server.internal;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: an incoming one is kept when it is short and plain; otherwise 16 random hex digits. */
public final class RequestIds {
    private static final int MAX_LENGTH = 128;
    private static final HexFormat HEX = HexFormat.of();

    private RequestIds() {
    }

    public static String fromHeaderOrNew(String incoming) {
        return isAcceptable(incoming) ? incoming : newId();
    }

    public static String newId() {
        return HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
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
