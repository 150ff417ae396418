package io.shallot.web.server.internal;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Response header values as they may go on the wire. Shallot's response headers skip Netty's
 * validation (it would check every value the server sets itself, on every response), so a value
 * from the application is checked here: a CR or LF in a header built from request data would let
 * a client add headers or a second response of its own (response splitting). The rule is Node's:
 * horizontal tab, visible ASCII, space and the Latin-1 range 0x80-0xFF; anything else, control
 * characters, DEL and characters Latin-1 cannot hold (the encoder would write them as '?'), is an
 * {@link IllegalArgumentException} that names the header, the character and where it is.
 *
 * <p>Netty writes a {@code String} value to the wire character by character, and an {@code int}
 * through {@link Integer#toString} first; an {@link AsciiString} is copied in one go. So an
 * {@code AsciiString} value is kept as it is, {@link #length} returns shared ones, and middleware
 * that sends the same value on every response makes it once with {@link #constant}.
 */
public final class HeaderValues {
    private static final int CACHED_LENGTHS = 4096;
    // Racy but safe: an AsciiString's bytes are final fields, and two loops filling one slot
    // just make equal strings.
    private static final AsciiString[] LENGTHS = new AsciiString[CACHED_LENGTHS];

    private HeaderValues() {
    }

    /** {@code value} checked for header {@code name}: an {@code AsciiString} as it is, else its text. */
    static CharSequence of(CharSequence name, Object value) {
        if (value instanceof AsciiString ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                check(name, ascii.charAt(i), i);
            }
            return ascii;
        }
        String text = String.valueOf(value);
        for (int i = 0; i < text.length(); i++) {
            check(name, text.charAt(i), i);
        }
        return text;
    }

    /** Each of {@code values} checked as by {@link #of}, all of them before any is used. */
    static List<CharSequence> each(CharSequence name, Collection<?> values) {
        List<CharSequence> checked = new ArrayList<>();
        for (Object value : values) {
            checked.add(of(name, value));
        }
        return checked;
    }

    /**
     * {@code value} checked now, for a header sent with it on many responses: configuration that
     * could never be sent fails when it is made, not on every response.
     */
    public static AsciiString constant(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            check(name, value.charAt(i), i);
        }
        return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** A {@code Content-Length} value; below 4,096 one shared instance per length. */
    static CharSequence length(int length) {
        if (length < 0 || length >= CACHED_LENGTHS) {
            return Integer.toString(length);
        }
        AsciiString cached = LENGTHS[length];
        if (cached == null) {
            cached = AsciiString.cached(Integer.toString(length));
            LENGTHS[length] = cached;
        }
        return cached;
    }

    private static void check(CharSequence name, char c, int index) {
        if (c == '\t' || (c >= 0x20 && c < 0x7f) || (c >= 0x80 && c <= 0xff)) {
            return;
        }
        throw new IllegalArgumentException(String.format(
                "response header %s: its value has U+%04X at index %d; control characters (CR, LF, NUL), DEL and"
                        + " characters beyond Latin-1 cannot be sent in a header (percent-encode the value)",
                name, (int) c, index));
    }
}
