package io.shallot.web.server.internal;

import io.netty.util.AsciiString;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response header names as {@link AsciiString}s. Netty hashes a {@code String} name character by
 * character on every {@code set} and writes it to the wire the same way, while an
 * {@code AsciiString} carries its hash and is copied in one go; the names middleware sets are
 * nearly always constants, so each is converted once. Names outside visible ASCII stay as they
 * are, and a cache stops growing at its bound (code that makes names up per request then pays
 * Netty's usual price, nothing more).
 */
final class HeaderNames {
    /** The process's cache, for every connection: 1,024 names. */
    static final HeaderNames SHARED = new HeaderNames(1024);
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
        if (cache.size() >= maxNames || !isVisibleAscii(name)) {
            return name;
        }
        AsciiString ascii = AsciiString.cached(name);
        AsciiString raced = cache.putIfAbsent(name, ascii);
        return raced == null ? ascii : raced;
    }

    private static boolean isVisibleAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
