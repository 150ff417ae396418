package io.shallot.web.server.internal;

import io.netty.util.AsciiString;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response header names, checked and as {@link AsciiString}s. A name must be an HTTP token
 * (RFC 9110 §5.6.2), as Node's http module requires: anything else, a colon, a space, a CR or LF
 * from request data, is an {@link IllegalArgumentException} rather than a broken or split response.
 * Netty hashes a {@code String} name character by character on every {@code set} and writes it to
 * the wire the same way, while an {@code AsciiString} carries its hash and is copied in one go; the
 * names middleware sets are nearly always constants, so each is checked and converted once. A cache
 * stops growing at its bound (code that makes names up per request then pays the check and Netty's
 * usual price, nothing more).
 */
final class HeaderNames {
    /** The process's cache, for every connection: 1,024 names. */
    static final HeaderNames SHARED = new HeaderNames(1024);
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";
    private final ConcurrentHashMap<String, AsciiString> cache = new ConcurrentHashMap<>();
    private final int maxNames;

    HeaderNames(int maxNames) {
        this.maxNames = maxNames;
    }

    CharSequence of(String name) {
        Objects.requireNonNull(name, "header name");
        AsciiString known = cache.get(name);
        if (known != null) {
            return known;
        }
        checkToken(name);
        if (cache.size() >= maxNames) {
            return name;
        }
        AsciiString ascii = AsciiString.cached(name);
        AsciiString raced = cache.putIfAbsent(name, ascii);
        return raced == null ? ascii : raced;
    }

    private static void checkToken(String name) {
        boolean token = !name.isEmpty();
        for (int i = 0; token && i < name.length(); i++) {
            char c = name.charAt(i);
            token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_PUNCTUATION.indexOf(c) >= 0;
        }
        if (!token) {
            throw new IllegalArgumentException("response header name \"" + escaped(name)
                    + "\" is not an HTTP token (letters, digits and " + TOKEN_PUNCTUATION + ")");
        }
    }

    /** The name with each character outside visible ASCII written as a Java escape, so the message stays one line. */
    private static String escaped(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.toString();
    }
}
