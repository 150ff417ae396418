package io.shallot.web.server.internal;

import java.nio.charset.StandardCharsets;

/**
 * A redirect's {@code Location} made safe to send, as Koa's {@code ctx.redirect} does with the
 * encodeurl package: characters a URL may hold are kept, {@code %} stays when it starts a
 * {@code %XX} escape, and everything else (spaces, quotes, angle brackets, controls such as CR and
 * LF, non-ASCII text) is percent-encoded as UTF-8. An already encoded URL passes unchanged, and a
 * location built from request data can neither split the response nor carry markup. A lone
 * surrogate becomes U+FFFD.
 */
final class Locations {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Locations() {
    }

    static String encode(String location) {
        int first = firstToEncode(location);
        if (first == location.length()) {
            return location;
        }
        StringBuilder out = new StringBuilder(location.length() + 16).append(location, 0, first);
        for (int i = first; i < location.length(); i++) {
            char c = location.charAt(i);
            if (kept(location, i)) {
                out.append(c);
                continue;
            }
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < location.length()
                    && Character.isLowSurrogate(location.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, location.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                codePoint = 0xFFFD;
            }
            for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    private static int firstToEncode(String location) {
        int i = 0;
        while (i < location.length() && kept(location, i)) {
            i++;
        }
        return i;
    }

    private static boolean kept(String s, int i) {
        char c = s.charAt(i);
        if (c == '%') {
            return i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2));
        }
        return c == 0x21 || (c >= 0x23 && c <= 0x3B) || c == 0x3D || (c >= 0x3F && c <= 0x5F)
                || (c >= 0x61 && c <= 0x7A) || c == 0x7C || c == 0x7E;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
