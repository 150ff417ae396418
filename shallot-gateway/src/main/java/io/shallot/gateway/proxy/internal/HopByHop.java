package io.shallot.gateway.proxy.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The headers that belong to one connection and are never relayed (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, and every {@code Proxy-*} header
 * ({@code Proxy-Authorization}, {@code Proxy-Connection}, ...). Stateless.
 */
final class HopByHop {
    private static final Set<String> FIXED = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** The names to drop from {@code headers}: the fixed ones plus those its {@code Connection} lists, lower case. */
    static Set<String> listedIn(Map<String, List<String>> headers) {
        Set<String> named = new TreeSet<>();
        List<String> connection = headers.get("connection");
        if (connection != null) {
            for (String value : connection) {
                for (String token : value.split(",")) {
                    if (!token.isBlank()) {
                        named.add(token.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return named;
    }

    static boolean is(String name, Set<String> listed) {
        String lower = name.toLowerCase(Locale.ROOT);
        return FIXED.contains(lower) || lower.startsWith("proxy-") || listed.contains(lower);
    }
}
