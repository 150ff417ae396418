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
    private static final String[] FIXED = {"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"};

    private HopByHop() {
    }

    /** The names to drop from {@code headers}: the fixed ones plus those its {@code Connection} lists, lower case. */
    static Set<String> listedIn(Map<String, List<String>> headers) {
        List<String> connection = headers.get("connection");
        if (connection == null) {
            return Set.of();
        }
        Set<String> named = new TreeSet<>();
        for (String value : connection) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    named.add(token.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return named;
    }

    /** Called for every header of every proxied message: compares in place rather than lower-casing a copy. */
    static boolean is(String name, Set<String> listed) {
        for (String fixed : FIXED) {
            if (fixed.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return name.regionMatches(true, 0, "proxy-", 0, 6)
                || !listed.isEmpty() && listed.contains(name.toLowerCase(Locale.ROOT));
    }
}
