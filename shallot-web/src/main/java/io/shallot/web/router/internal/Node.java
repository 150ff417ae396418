package io.shallot.web.router.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One position in the {@link RouteTrie}: the edges to the next segment, by kind, and the routes
 * that end here, by method. Edges of each kind are kept apart so that precedence (literal, then
 * parameter, then wildcard) is a property of the structure rather than of registration order.
 * Literal edges are sorted so that a raw path region is found by binary search without building
 * a substring. The routes of a node are a handful of methods at most, so they are an array scanned
 * in order: on the request path that is cheaper than hashing into a map. Mutated only by
 * {@link RouteTrie#insert}; not thread-safe.
 */
final class Node<T> {

    private static final String[] NO_KEYS = {};
    private static final Node<?>[] NO_CHILDREN = {};
    private static final Route<?>[] NO_ROUTES = {};

    private String[] literalKeys = NO_KEYS;
    private Node<?>[] literalChildren = NO_CHILDREN;
    private Node<T> param;
    private Node<T> wildcard;
    private Route<?>[] routes = NO_ROUTES;
    private Set<String> allowed = Set.of();

    Node<T> literalChild(String key) {
        int i = Arrays.binarySearch(literalKeys, key);
        if (i >= 0) {
            return literal(i);
        }
        int at = -i - 1;
        Node<T> child = new Node<>();
        literalKeys = insertAt(literalKeys, at, key);
        Node<?>[] children = new Node<?>[literalChildren.length + 1];
        System.arraycopy(literalChildren, 0, children, 0, at);
        children[at] = child;
        System.arraycopy(literalChildren, at, children, at + 1, literalChildren.length - at);
        literalChildren = children;
        return child;
    }

    Node<T> paramChild() {
        if (param == null) {
            param = new Node<>();
        }
        return param;
    }

    Node<T> wildcardChild() {
        if (wildcard == null) {
            wildcard = new Node<>();
        }
        return wildcard;
    }

    /** The literal child whose key equals {@code s[from, to)}, or null. */
    Node<T> findLiteral(String s, int from, int to) {
        int lo = 0;
        int hi = literalKeys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compare(literalKeys[mid], s, from, to);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return literal(mid);
            }
        }
        return null;
    }

    boolean hasLiterals() {
        return literalKeys.length > 0;
    }

    Node<T> param() {
        return param;
    }

    Node<T> wildcard() {
        return wildcard;
    }

    /** The route for {@code method}; a {@code HEAD} without its own route gets the GET route. */
    Route<T> route(String method) {
        Route<T> route = byMethod(method);
        if (route == null && method.equals("HEAD")) {
            route = byMethod("GET");
        }
        return route;
    }

    @SuppressWarnings("unchecked")
    private Route<T> byMethod(String method) {
        for (Route<?> route : routes) {
            if (route.method.equals(method)) {
                return (Route<T>) route;
            }
        }
        return null;
    }

    /** Methods served here, sorted, with HEAD whenever GET is present; empty if none end here. */
    Set<String> allowed() {
        return allowed;
    }

    /** Adds {@code route}, or returns the route already registered here for its method. */
    Route<T> add(Route<T> route) {
        Route<T> existing = byMethod(route.method);
        if (existing != null) {
            return existing;
        }
        Route<?>[] grown = Arrays.copyOf(routes, routes.length + 1);
        grown[routes.length] = route;
        routes = grown;
        TreeSet<String> methods = new TreeSet<>();
        for (Route<?> each : grown) {
            methods.add(each.method);
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        allowed = Collections.unmodifiableSortedSet(methods);
        return null;
    }

    @SuppressWarnings("unchecked")
    private Node<T> literal(int i) {
        return (Node<T>) literalChildren[i];
    }

    // Same order as String.compareTo (UTF-16 code units), which sorted literalKeys.
    private static int compare(String key, String s, int from, int to) {
        int length = to - from;
        int n = Math.min(key.length(), length);
        for (int i = 0; i < n; i++) {
            int d = key.charAt(i) - s.charAt(from + i);
            if (d != 0) {
                return d;
            }
        }
        return key.length() - length;
    }

    private static String[] insertAt(String[] keys, int at, String key) {
        String[] grown = new String[keys.length + 1];
        System.arraycopy(keys, 0, grown, 0, at);
        grown[at] = key;
        System.arraycopy(keys, at, grown, at + 1, keys.length - at);
        return grown;
    }
}
