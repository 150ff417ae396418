package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.ApiRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes arranged for lookup: one segment trie per configured host (its own routes over the
 * any-host ones) and one for every other host. A lookup walks the normalised path one segment at
 * a time, keeps the deepest node that has routes (the longest prefix on a segment boundary), then
 * picks the route for the method there. Segments compare after {@link #fold case folding}, so
 * {@code /ADMIN} is the {@code /admin} API. No regex and, for a found route, no allocation beyond
 * the folded segments.
 *
 * <p>At one host and prefix, a host-specific route shadows the any-host routes of that prefix;
 * routes sharing a host and prefix must not share a method (construction fails naming both).
 * HEAD is served by a route that allows GET.
 *
 * <p>Immutable once built; safe to share between loops.
 */
public final class RouteTable {

    /** What a lookup found. */
    public sealed interface Match permits Found, NoRoute, WrongMethod {
    }

    public record Found(ApiRoute route) implements Match {
    }

    public record NoRoute() implements Match {
    }

    /** A prefix matched but none of its routes serves the method; {@code allow} is the {@code Allow} value. */
    public record WrongMethod(String allow) implements Match {
    }

    private static final NoRoute NO_ROUTE = new NoRoute();

    private final Node anyHost;
    private final Map<String, Node> hosts;

    private RouteTable(Node anyHost, Map<String, Node> hosts) {
        this.anyHost = anyHost;
        this.hosts = hosts;
    }

    /**
     * @throws IllegalArgumentException when a prefix has an empty, {@code .} or {@code ..} segment,
     *                                  or two routes share a host, prefix and method
     */
    public static RouteTable of(List<ApiRoute> routes) {
        Map<String, List<ApiRoute>> byHost = new LinkedHashMap<>();
        List<ApiRoute> any = new ArrayList<>();
        for (ApiRoute route : routes) {
            checkPrefix(route);
            if (route.host() == null) {
                any.add(route);
            } else {
                byHost.computeIfAbsent(route.host(), h -> new ArrayList<>()).add(route);
            }
        }
        Map<String, Node> hosts = new HashMap<>();
        byHost.forEach((host, own) -> {
            Set<String> shadowed = new HashSet<>();
            own.forEach(route -> shadowed.add(fold(route.prefix())));
            List<ApiRoute> merged = new ArrayList<>(own);
            any.stream().filter(route -> !shadowed.contains(fold(route.prefix()))).forEach(merged::add);
            hosts.put(host, build(merged));
        });
        return new RouteTable(build(any), hosts);
    }

    /**
     * @param host   the request's host, lower case without port, or null when it sent none
     * @param path   the {@link io.shallot.gateway.proxy.PathNormalizer normalised} path
     * @param method the method, upper case
     */
    public Match match(String host, String path, String method) {
        Node node = host == null ? anyHost : hosts.getOrDefault(host, anyHost);
        Node best = node.found.length > 0 ? node : null;
        int start = 1;
        while (start < path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                node = node.children.get(fold(path.substring(start, end)));
                if (node == null) {
                    break;
                }
                if (node.found.length > 0) {
                    best = node;
                }
            }
            start = end + 1;
        }
        if (best == null) {
            return NO_ROUTE;
        }
        for (Found found : best.found) {
            if (serves(found.route(), method)) {
                return found;
            }
        }
        return best.wrongMethod;
    }

    /**
     * Case folding for prefix comparison, per code point: lower case of upper case, so that
     * characters an upstream might fold onto ASCII ({@code ı}, {@code ſ}, the Kelvin sign) land on
     * the same route as the ASCII spelling. Returns {@code s} itself when there is nothing to fold.
     */
    static String fold(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
        s.codePoints().skip(s.codePointCount(0, i))
                .forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    private static boolean serves(ApiRoute route, String method) {
        return route.allows(method) || ("HEAD".equals(method) && route.allows("GET"));
    }

    private static void checkPrefix(ApiRoute route) {
        if (route.prefix().equals("/")) {
            return;
        }
        for (String segment : route.prefix().substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("route " + route.api() + ": prefix '" + route.prefix()
                        + "' must be a normalised path (no empty, '.' or '..' segments)");
            }
        }
    }

    private static Node build(List<ApiRoute> routes) {
        Node root = new Node();
        Map<Node, List<ApiRoute>> at = new LinkedHashMap<>();
        for (ApiRoute route : routes) {
            Node node = root;
            if (!route.prefix().equals("/")) {
                for (String segment : route.prefix().substring(1).split("/")) {
                    node = node.children.computeIfAbsent(fold(segment), s -> new Node());
                }
            }
            List<ApiRoute> here = at.computeIfAbsent(node, n -> new ArrayList<>());
            for (ApiRoute other : here) {
                if (overlap(other, route)) {
                    throw new IllegalArgumentException("routes " + other.api() + " and " + route.api() + " both serve "
                            + (route.methods().isEmpty() ? other.methods() : route.methods()) + " at "
                            + (route.host() == null ? "any host" : route.host()) + " " + route.prefix());
                }
            }
            here.add(route);
        }
        at.forEach(Node::set);
        return root;
    }

    private static boolean overlap(ApiRoute a, ApiRoute b) {
        return a.methods().isEmpty() || b.methods().isEmpty() || a.methods().stream().anyMatch(b.methods()::contains);
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        Found[] found = new Found[0];
        WrongMethod wrongMethod;

        void set(List<ApiRoute> routes) {
            found = routes.stream().map(Found::new).toArray(Found[]::new);
            Set<String> allow = new TreeSet<>();
            routes.forEach(route -> allow.addAll(route.methods()));
            if (allow.contains("GET")) {
                allow.add("HEAD");
            }
            wrongMethod = new WrongMethod(String.join(", ", allow));
        }
    }
}
