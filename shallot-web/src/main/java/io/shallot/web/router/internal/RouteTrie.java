package io.shallot.web.router.internal;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A segment trie mapping (method, path) to a value, with precedence by specificity.
 *
 * <p><b>Patterns</b> follow {@link PathPattern}: literal segments, {@code :name} parameters and a
 * final {@code *} (or {@code *name}) wildcard. Trailing slashes are strict: {@code /a/} and
 * {@code /a} are different routes, and {@code /files/*} matches {@code /files/} and
 * {@code /files/x/y} but not {@code /files}.
 *
 * <p><b>Precedence</b> does not depend on registration order. At each segment a literal edge is
 * tried first, then a parameter, then a wildcard; if the more specific branch leads to no route
 * for the method, the lookup backtracks. So with {@code GET /users/new} and
 * {@code GET /users/:id/edit}, {@code /users/new/edit} matches the parameter route, and with
 * {@code GET /users/new} and {@code DELETE /users/:id}, {@code DELETE /users/new} matches the
 * latter. Every trie node is visited at most once per lookup, so backtracking stays linear.
 *
 * <p><b>Methods</b> are compared exactly (case-sensitive, RFC 9110 §9.1). {@code HEAD} falls
 * back to the {@code GET} route of the same pattern when that pattern has no {@code HEAD} route.
 * When the path matches only routes of other methods the result is
 * {@link Match.MethodNotAllowed} with every method that would have matched; the caller answers
 * 405 with {@code Allow}, or an automatic {@code OPTIONS} from the same set.
 *
 * <p><b>Decoding.</b> {@code lookup} takes the raw path as received (no query, no fragment). It
 * splits on {@code /} first and percent-decodes each segment once afterwards (UTF-8, strict,
 * {@code +} stays {@code +}), so {@code %2F} is part of a parameter value, never a separator.
 * Literal segments are compared with the decoded segment, so {@code /caf%C3%A9} matches
 * {@code /café}. A wildcard value is the decoded rest of the path, where {@code %2F} and
 * {@code /} therefore look alike. Decoded values may contain anything ({@code ..}, {@code /},
 * NUL): code that turns them into file names must validate them. A path with malformed
 * percent-encoding anywhere, or not starting with {@code /}, is {@link Match.BadPath}
 * whatever the routes are, except {@code *} (the target of a server-wide {@code OPTIONS *}),
 * which no route matches.
 *
 * <p><b>Errors.</b> {@code insert} throws {@link IllegalArgumentException}, naming the route,
 * for null arguments, an invalid method token, invalid pattern syntax (see {@link PathPattern})
 * and a duplicate: two routes with the same method and shape conflict even when their parameter
 * names differ ({@code /users/:id} and {@code /users/:uid}). A failed insert changes nothing.
 * Parameter names belong to each route, so {@code GET /users/:id} and
 * {@code GET /users/:uid/posts} coexist, each seeing its own name.
 *
 * <p><b>Cost.</b> {@code lookup} uses no regex and no split: literal edges are found by binary
 * search over the raw path; a match without parameters returns a preallocated result; a match
 * with parameters allocates the result, one small map and the decoded values.
 *
 * <p><b>Threads.</b> {@code insert} is not thread-safe and must not run concurrently with
 * {@code lookup}. Register every route first, then publish the trie safely (e.g. through a
 * final field or a thread start); from then on {@code lookup} may be called from any thread.
 *
 * @param <T> the value stored with each route, typically a handler
 */
public final class RouteTrie<T> {

    private final Node<T> root = new Node<>();
    private int size;

    /**
     * Registers {@code value} under {@code method} and {@code pattern}.
     *
     * @throws IllegalArgumentException if an argument is null, the method is not an HTTP token,
     *                                  the pattern is invalid, or the route is already registered
     */
    public void insert(String method, String pattern, T value) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null (route pattern '"
                    + pattern + "')");
        }
        checkToken(method, pattern);
        PathPattern parsed = PathPattern.parse(pattern);
        if (value == null) {
            throw new IllegalArgumentException("value must not be null for " + method + " "
                    + pattern);
        }
        Node<T> node = root;
        for (PathPattern.Segment segment : parsed.segments()) {
            node = switch (segment) {
                case PathPattern.Literal literal -> node.literalChild(literal.text());
                case PathPattern.Param param -> node.paramChild();
                case PathPattern.Wildcard wildcard -> node.wildcardChild();
            };
        }
        Route<T> existing = node.add(new Route<>(method, parsed, value));
        if (existing != null) {
            String again = existing.pattern.source().equals(pattern)
                    ? "duplicate route: "
                    : method + " " + pattern + " conflicts with ";
            String why = existing.pattern.source().equals(pattern)
                    ? "" : " (same shape: parameter names do not distinguish routes)";
            throw new IllegalArgumentException(again + existing + " already registered" + why);
        }
        size++;
    }

    /**
     * Finds the route for {@code method} and the raw (still percent-encoded) {@code rawPath}.
     * Never throws for any path; see the class documentation for the four outcomes.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public Match<T> lookup(String method, String rawPath) {
        if (method == null || rawPath == null) {
            throw new IllegalArgumentException("method and rawPath must not be null, got "
                    + method + " " + rawPath);
        }
        if (rawPath.equals("*")) {
            return Match.NotFound.instance();
        }
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return new Match.BadPath<>("path must start with '/'");
        }
        if (rawPath.indexOf('%') >= 0) {
            try {
                PercentDecoder.check(rawPath);
            } catch (PercentDecoder.MalformedException e) {
                return new Match.BadPath<>("malformed path: " + e.getMessage());
            }
        }
        Route<T> route = walk(root, method, rawPath, 1, null);
        if (route != null) {
            return route.found(rawPath);
        }
        TreeSet<String> allowed = new TreeSet<>();
        walk(root, method, rawPath, 1, allowed);
        return allowed.isEmpty()
                ? Match.NotFound.instance()
                : new Match.MethodNotAllowed<>(Collections.unmodifiableSortedSet(allowed));
    }

    /** The number of registered routes. */
    public int size() {
        return size;
    }

    /**
     * Depth-first search in precedence order from the segment starting at {@code start}. With
     * {@code allowed == null} it returns the first route for {@code method}; otherwise it visits
     * every node matching the path, adds the methods served there to {@code allowed}, and
     * returns null.
     */
    private Route<T> walk(Node<T> node, String method, String path, int start,
                          Set<String> allowed) {
        int length = path.length();
        if (start > length) {
            return end(node, method, allowed);
        }
        int end = start;
        boolean encoded = false;
        for (; end < length; end++) {
            char c = path.charAt(end);
            if (c == '/') {
                break;
            }
            encoded |= c == '%';
        }
        Node<T> literal = null;
        if (!encoded) {
            literal = node.findLiteral(path, start, end);
        } else if (node.hasLiterals()) {
            String decoded = PercentDecoder.decode(path, start, end, false);
            literal = node.findLiteral(decoded, 0, decoded.length());
        }
        if (literal != null) {
            Route<T> route = walk(literal, method, path, end + 1, allowed);
            if (route != null) {
                return route;
            }
        }
        if (node.param() != null && end > start) {
            Route<T> route = walk(node.param(), method, path, end + 1, allowed);
            if (route != null) {
                return route;
            }
        }
        return node.wildcard() == null ? null : end(node.wildcard(), method, allowed);
    }

    private Route<T> end(Node<T> node, String method, Set<String> allowed) {
        if (allowed == null) {
            return node.route(method);
        }
        allowed.addAll(node.allowed());
        return null;
    }

    // RFC 9110 §5.6.2: token = 1*tchar
    private static void checkToken(String method, String pattern) {
        boolean ok = !method.isEmpty();
        for (int i = 0; ok && i < method.length(); i++) {
            char c = method.charAt(i);
            ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("method '" + method + "' for route pattern '"
                    + pattern + "' is not an HTTP method token");
        }
    }
}
