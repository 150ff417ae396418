package io.shallot.gateway.proxy.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding (RFC 3986 §2.1) of ASCII text into strict UTF-8, and the canonical encoding of
 * a path segment. Stateless and thread-safe.
 */
public final class PercentCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /**
     * Decodes every {@code %XX} once. The escaped bytes must be well-formed UTF-8: the JDK's strict
     * decoder refuses overlong forms ({@code %C0%AE}), surrogates and truncated sequences.
     *
     * @throws IllegalArgumentException for a bad escape, invalid UTF-8 or a raw non-ASCII character,
     *                                  with a message fit for a client
     */
    public static String decode(String s, boolean plusAsSpace) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && !(c == '+' && plusAsSpace) && c < 0x80;
        }
        if (plain) {
            return s;
        }
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("raw non-ASCII character at index " + i + "; percent-encode it");
            }
            if (c == '%') {
                int hi = i + 1 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hex(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-encoding '" + s.substring(i, Math.min(i + 3, s.length()))
                            + "' (expected '%' and two hex digits)");
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = (byte) (c == '+' && plusAsSpace ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not valid UTF-8", e);
        }
    }

    /**
     * A decoded segment as sent upstream: unreserved characters and {@code !$&'()*+,=:@} stay, every
     * other byte of its UTF-8 form becomes {@code %XX} (upper-case hex). {@code ;} is encoded
     * although RFC 3986 allows it, so a servlet upstream cannot read it as a path parameter the
     * gateway never saw; {@code %} is encoded, so text that was double-encoded stays text.
     */
    public static String encodeSegment(String segment) {
        int i = 0;
        while (i < segment.length() && keeps(segment.charAt(i))) {
            i++;
        }
        if (i == segment.length()) {
            return segment;
        }
        StringBuilder out = new StringBuilder(segment.length() + 16).append(segment, 0, i);
        for (byte b : segment.substring(i).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (keeps(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean keeps(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    // RFC 3986 HEXDIG is ASCII only; Character.digit would also accept other scripts' digits.
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
