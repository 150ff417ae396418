package io.shallot.web.middleware;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Settings of {@link Cors}. The defaults allow no origin at all: name the origins (or give a
 * predicate) to open anything.
 *
 * @param origins        origins allowed exactly, e.g. {@code https://app.example} or
 *                       {@code http://localhost:5173}: scheme, host and port, no path and no
 *                       trailing slash (compared case-insensitively); or the single entry
 *                       {@code "*"} for any origin, which cannot be combined with credentials
 *                       (default: none)
 * @param originMatcher  a further test for origins not in the list, given the {@code Origin}
 *                       header as sent, e.g. {@code o -> o.endsWith(".example.com")}; null for none
 *                       (default null)
 * @param allowMethods   answered in {@code Access-Control-Allow-Methods}; a preflight asking for
 *                       another method is refused with 403 (default GET, HEAD, PUT, PATCH, POST,
 *                       DELETE)
 * @param allowHeaders   answered in {@code Access-Control-Allow-Headers} (default Content-Type,
 *                       Authorization, X-Request-Id)
 * @param exposeHeaders  response headers scripts may read, {@code Access-Control-Expose-Headers}
 *                       (default none)
 * @param credentials    sends {@code Access-Control-Allow-Credentials: true}, letting cookies and
 *                       HTTP auth through (default false)
 * @param maxAgeSeconds  how long a browser may cache a preflight, {@code Access-Control-Max-Age};
 *                       browsers cap it (Chromium at 7200) (default 600)
 */
public record CorsOptions(
        List<String> origins,
        Predicate<String> originMatcher,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        boolean credentials,
        long maxAgeSeconds) {

    public CorsOptions {
        origins = normalize(origins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
        if (credentials && anyOrigin(origins)) {
            throw new IllegalArgumentException("CORS credentials cannot be allowed for origin \"*\" (the Fetch standard forbids"
                    + " it): list the origins that may send credentials instead");
        }
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("CORS maxAgeSeconds must be >= 0, got " + maxAgeSeconds);
        }
        for (String method : allowMethods) {
            if (method.isEmpty() || !method.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')) {
                throw new IllegalArgumentException("not an HTTP method: \"" + method + "\"");
            }
        }
    }

    /** Nothing allowed; the other settings at their defaults. */
    public static CorsOptions defaults() {
        return new CorsOptions(List.of(), null, List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"),
                List.of("Content-Type", "Authorization", "X-Request-Id"), List.of(), false, 600);
    }

    public CorsOptions withOrigins(String... origins) {
        return new CorsOptions(List.of(origins), originMatcher, allowMethods, allowHeaders, exposeHeaders, credentials, maxAgeSeconds);
    }

    public CorsOptions withOriginMatcher(Predicate<String> matcher) {
        return new CorsOptions(origins, matcher, allowMethods, allowHeaders, exposeHeaders, credentials, maxAgeSeconds);
    }

    public CorsOptions withAllowMethods(String... methods) {
        return new CorsOptions(origins, originMatcher, List.of(methods), allowHeaders, exposeHeaders, credentials, maxAgeSeconds);
    }

    public CorsOptions withAllowHeaders(String... headers) {
        return new CorsOptions(origins, originMatcher, allowMethods, List.of(headers), exposeHeaders, credentials, maxAgeSeconds);
    }

    public CorsOptions withExposeHeaders(String... headers) {
        return new CorsOptions(origins, originMatcher, allowMethods, allowHeaders, List.of(headers), credentials, maxAgeSeconds);
    }

    public CorsOptions withCredentials(boolean allowed) {
        return new CorsOptions(origins, originMatcher, allowMethods, allowHeaders, exposeHeaders, allowed, maxAgeSeconds);
    }

    public CorsOptions withMaxAgeSeconds(long seconds) {
        return new CorsOptions(origins, originMatcher, allowMethods, allowHeaders, exposeHeaders, credentials, seconds);
    }

    /** Whether {@code origin} (an {@code Origin} header as sent) may read responses. */
    public boolean allows(String origin) {
        if (anyOrigin(origins) || origins.contains(origin.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return originMatcher != null && !"null".equals(origin) && originMatcher.test(origin);
    }

    boolean anyOrigin() {
        return anyOrigin(origins);
    }

    private static boolean anyOrigin(List<String> origins) {
        return origins.size() == 1 && origins.get(0).equals("*");
    }

    private static List<String> normalize(List<String> origins) {
        List<String> out = new ArrayList<>();
        for (String origin : origins) {
            if (origin.equals("*")) {
                if (origins.size() > 1) {
                    throw new IllegalArgumentException("CORS origin \"*\" means any origin and must be the only entry, got " + origins);
                }
                out.add(origin);
                continue;
            }
            if (origin.equals("null")) {
                throw new IllegalArgumentException("CORS origin \"null\" is sent by sandboxed frames and file: pages, so"
                        + " allowing it allows anyone; use originMatcher if you really mean it");
            }
            URI uri;
            try {
                uri = new URI(origin);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a CORS origin: \"" + origin + "\"; write scheme://host[:port]", e);
            }
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                String hint = origin.endsWith("/") ? "; drop the trailing slash: \"" + origin.substring(0, origin.length() - 1) + "\"" : "";
                throw new IllegalArgumentException("not a CORS origin: \"" + origin + "\"; an origin is scheme://host[:port]"
                        + " with no path" + hint);
            }
            out.add(origin.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }
}
