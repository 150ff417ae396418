package io.shallot.web.router.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link RouteTrie#lookup(String, String)}; switch over it exhaustively.
 *
 * <ul>
 *   <li>{@link Found}: a route for the method (or, for {@code HEAD}, its {@code GET} route).</li>
 *   <li>{@link MethodNotAllowed}: the path matches routes, none for this method; answer 405 with
 *       {@code Allow} built from {@link MethodNotAllowed#allowedMethods()}.</li>
 *   <li>{@link NotFound}: no route matches the path; answer 404.</li>
 *   <li>{@link BadPath}: the path is malformed (bad percent-encoding, invalid UTF-8, no leading
 *       {@code /}); answer 400 without routing.</li>
 * </ul>
 *
 * @param <T> the value stored with each route
 */
public sealed interface Match<T> permits Match.Found, Match.MethodNotAllowed, Match.NotFound,
        Match.BadPath {

    /**
     * A matched route.
     *
     * @param value   the value registered with the route
     * @param params  decoded parameter values by name, in path order, immutable; empty when the
     *                pattern has no parameters; a wildcard appears under {@code "*"} (or its name)
     * @param pattern the pattern the route was registered with, e.g. {@code /users/:id}
     */
    record Found<T>(T value, Map<String, String> params, String pattern) implements Match<T> {
        public Found {
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /**
     * The path exists for other methods only.
     *
     * @param allowedMethods the methods that would match, sorted and immutable; includes
     *                       {@code HEAD} whenever {@code GET} is present
     */
    record MethodNotAllowed<T>(Set<String> allowedMethods) implements Match<T> {
        public MethodNotAllowed {
            Objects.requireNonNull(allowedMethods, "allowedMethods");
        }
    }

    /** No route matches the path, whatever the method. */
    record NotFound<T>() implements Match<T> {
        private static final NotFound<?> INSTANCE = new NotFound<>();

        /** The shared instance. */
        @SuppressWarnings("unchecked")
        public static <T> NotFound<T> instance() {
            return (NotFound<T>) INSTANCE;
        }
    }

    /**
     * The path cannot be routed because it is malformed.
     *
     * @param reason what is wrong; it quotes the offending part of the path, so escape it before
     *               echoing it into HTML
     */
    record BadPath<T>(String reason) implements Match<T> {
        public BadPath {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
