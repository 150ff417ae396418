package io.shallot.gateway;

import io.shallot.gateway.user.UserMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One API the gateway exposes: which requests it matches, the upstream that serves it and how
 * important it is.
 *
 * @param api         the API's id, what an app is granted (e.g. {@code contents.read})
 * @param host        the Host to match (lower case, no port), or null for any host
 * @param prefix      the path prefix to match, on segment boundaries ({@code /v1/contents} matches
 *                    {@code /v1/contents} and {@code /v1/contents/7}, not {@code /v1/contentsX})
 * @param methods     the methods to match (upper case); empty for any
 * @param upstream    the name of the upstream that serves it
 * @param priority    0 (critical) … 3 (lowest); under overload the lowest are shed first
 * @param stripPrefix whether the prefix is removed before the request goes upstream
 * @param timeout     the upstream response timeout for this API, or null for the upstream's own
 * @param user        whether a call needs a verified end user (null: {@link UserMode#NONE})
 */
public record ApiRoute(String api, String host, String prefix, Set<String> methods, String upstream, int priority,
                       boolean stripPrefix, Duration timeout, UserMode user) {
    public static final int CRITICAL = 0;
    public static final int LOWEST = 3;

    public ApiRoute {
        requireText(api, "api");
        requireText(upstream, "upstream");
        requireText(prefix, "prefix");
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("route " + api + ": prefix must start with '/', got '" + prefix + "'");
        }
        if (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        host = host == null || host.isBlank() ? null : host.trim().toLowerCase(Locale.ROOT);
        methods = methods == null ? Set.of() : Set.copyOf(methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
        if (priority < CRITICAL || priority > LOWEST) {
            throw new IllegalArgumentException("route " + api + ": priority must be 0 (critical) to 3 (lowest), got " + priority);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("route " + api + ": timeout must be positive, got " + timeout);
        }
        user = user == null ? UserMode.NONE : user;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("route " + field + " is required");
        }
    }

    /** Whether this route serves {@code method}; {@link #methods()} empty means every method. */
    public boolean allows(String method) {
        return methods.isEmpty() || methods.contains(method);
    }

    @Override
    public String toString() {
        return api + " " + (host == null ? "" : host) + prefix + " -> " + upstream;
    }

    /** Convenience for tests and code-built configs: any host and method, priority 2, prefix kept, no user. */
    public static ApiRoute of(String api, String prefix, String upstream) {
        return new ApiRoute(Objects.requireNonNull(api), null, prefix, Set.of(), upstream, 2, false, null, UserMode.NONE);
    }

    /** This route with {@code mode} for its end user. */
    public ApiRoute withUser(UserMode mode) {
        return new ApiRoute(api, host, prefix, methods, upstream, priority, stripPrefix, timeout, mode);
    }
}
