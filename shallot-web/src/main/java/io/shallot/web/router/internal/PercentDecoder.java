package io.shallot.web.router.internal;

/**
 * Strict percent-decoding (RFC 3986 §2.1) of a region of a string into UTF-8 text, shared by the
 * path router and the query/form parser.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code %XX} sequences are bytes; runs of them must form well-formed UTF-8 (RFC 3629: no
 *       overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequences).</li>
 *   <li>Any other character is kept as it is, including non-ASCII characters that a lenient
 *       client sent unencoded.</li>
 *   <li>{@code +} becomes a space only when {@code plusAsSpace} is set (forms and query strings,
 *       never paths).</li>
 *   <li>A region without {@code %} (and without {@code +} when it matters) is returned as a
 *       substring: no decoding buffer is allocated.</li>
 *   <li>Malformed input throws {@link MalformedException}, whose message names the offending
 *       escape and its index in the whole string.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class PercentDecoder {

    private PercentDecoder() {
    }

    /** Thrown for an invalid {@code %} escape or for escaped bytes that are not valid UTF-8. */
    public static final class MalformedException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int index;

        MalformedException(String message, int index) {
            super(message);
            this.index = index;
        }

        /** Index in the decoded string of the escape that could not be decoded. */
        public int index() {
            return index;
        }
    }

    /** Decodes the whole of {@code s}. */
    public static String decode(String s, boolean plusAsSpace) {
        return decode(s, 0, s.length(), plusAsSpace);
    }

    /** Decodes {@code s[from, to)}. */
    public static String decode(String s, int from, int to, boolean plusAsSpace) {
        if (!needsDecoding(s, from, to, plusAsSpace)) {
            return s.substring(from, to);
        }
        // Decoding never lengthens: %XX (3 chars) yields at most one char, 4 escaped bytes yield 2.
        char[] out = new char[to - from];
        return new String(out, 0, decodeInto(s, from, to, plusAsSpace, out));
    }

    /** Throws {@link MalformedException} if {@code s} would not decode; allocates nothing. */
    public static void check(String s) {
        if (needsDecoding(s, 0, s.length(), false)) {
            decodeInto(s, 0, s.length(), false, null);
        }
    }

    /** Decodes into {@code out} (or only validates when it is null); returns the length. */
    private static int decodeInto(String s, int from, int to, boolean plusAsSpace, char[] out) {
        int n = 0;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '+' && plusAsSpace) {
                c = ' ';
                i++;
            } else if (c != '%') {
                i++;
            } else {
                int b = escapedByte(s, i, to);
                i += 3;
                if (b >= 0x80) {
                    int start = i - 3;
                    int extra = continuationCount(b, s, start);
                    int cp = b & (0x3F >> extra);
                    for (int k = 0; k < extra; k++, i += 3) {
                        if (i >= to || s.charAt(i) != '%') {
                            throw invalidUtf8(s, start, i, to);
                        }
                        int cb = escapedByte(s, i, to);
                        if (cb < lowerBound(b, k) || cb > upperBound(b, k)) {
                            throw invalidUtf8(s, start, i + 3, to);
                        }
                        cp = (cp << 6) | (cb & 0x3F);
                    }
                    if (out != null) {
                        n += Character.toChars(cp, out, n);
                    }
                    continue;
                }
                c = (char) b;
            }
            if (out != null) {
                out[n] = c;
            }
            n++;
        }
        return n;
    }

    private static boolean needsDecoding(String s, int from, int to, boolean plusAsSpace) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || (c == '+' && plusAsSpace)) {
                return true;
            }
        }
        return false;
    }

    private static int escapedByte(String s, int i, int to) {
        int hi = i + 1 < to ? hex(s.charAt(i + 1)) : -1;
        int lo = i + 2 < to ? hex(s.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
            String shown = s.substring(i, Math.min(i + 3, to));
            throw new MalformedException(
                    "invalid percent-encoding '" + shown + "' at index " + i
                            + " (expected '%' followed by two hex digits)", i);
        }
        return (hi << 4) | lo;
    }

    // RFC 3986 HEXDIG is ASCII only; Character.digit would also accept digits such as U+0661.
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

    /** Number of continuation bytes announced by a UTF-8 lead byte (RFC 3629 §4). */
    private static int continuationCount(int lead, String s, int i) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 1;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 2;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 3;
        }
        throw new MalformedException(String.format(
                "invalid UTF-8: byte 0x%02X at index %d cannot start a character", lead, i), i);
    }

    // The narrowed ranges for the first continuation byte exclude overlong forms (E0, F0),
    // UTF-16 surrogates (ED) and code points above U+10FFFF (F4); RFC 3629 §4.
    private static int lowerBound(int lead, int k) {
        if (k == 0 && lead == 0xE0) {
            return 0xA0;
        }
        if (k == 0 && lead == 0xF0) {
            return 0x90;
        }
        return 0x80;
    }

    private static int upperBound(int lead, int k) {
        if (k == 0 && lead == 0xED) {
            return 0x9F;
        }
        if (k == 0 && lead == 0xF4) {
            return 0x8F;
        }
        return 0xBF;
    }

    private static MalformedException invalidUtf8(String s, int start, int end, int to) {
        String shown = s.substring(start, Math.min(end, to));
        return new MalformedException(
                "invalid UTF-8 in percent-encoded bytes '" + shown + "' at index " + start, start);
    }
}
