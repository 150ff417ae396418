package io.shallot.web.middleware;

import io.netty.util.AsciiString;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.Next;
import io.shallot.web.middleware.internal.Vary;
import io.shallot.web.server.internal.HeaderValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol), phase {@link Phase#SECURITY},
 * with strict defaults: no origin is allowed until named in {@link CorsOptions}.
 *
 * <table>
 *   <caption>What is answered</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>no {@code Origin}</td><td>passed on untouched (not a CORS request)</td></tr>
 *   <tr><td>preflight ({@code OPTIONS} with {@code Origin} and
 *       {@code Access-Control-Request-Method}), allowed origin and method</td>
 *       <td>204 with {@code Access-Control-Allow-Origin}, {@code -Methods}, {@code -Headers},
 *       {@code -Max-Age} (and {@code -Credentials}); nothing downstream runs</td></tr>
 *   <tr><td>preflight from an origin not allowed, or for a method not allowed</td>
 *       <td>403 with the error envelope and no CORS headers</td></tr>
 *   <tr><td>other request, allowed origin</td><td>passed on; the response carries
 *       {@code Access-Control-Allow-Origin} (the origin itself, or {@code *} for any origin),
 *       {@code -Credentials} when enabled and {@code -Expose-Headers} when configured</td></tr>
 *   <tr><td>other request, origin not allowed</td><td>passed on and served as for a same-origin
 *       request, without CORS headers: the browser then hides the response from the script</td></tr>
 * </table>
 * Unless any origin is allowed, every response carries {@code Vary: Origin} (merged with what is
 * there), so that caches keep the variants apart. Credentials are never combined with {@code *}:
 * {@link CorsOptions} refuses that at construction. The headers are kept on error responses
 * answered for an {@code HttpException} (a 401 stays readable by the page); other errors' responses
 * lack them until the core keeps headers across its error responder. Runs on the loop; never blocks.
 */
public final class Cors implements Phased {
    private static final AsciiString ANY = AsciiString.cached("*");
    private static final AsciiString TRUE = AsciiString.cached("true");
    private final CorsOptions options;
    private final AsciiString allowMethods;
    private final AsciiString allowHeaders;
    private final AsciiString exposeHeaders;
    private final AsciiString maxAge;

    private Cors(CorsOptions options) {
        this.options = options;
        this.allowMethods = HeaderValues.constant("Access-Control-Allow-Methods", String.join(", ", options.allowMethods()));
        this.allowHeaders = HeaderValues.constant("Access-Control-Allow-Headers", String.join(", ", options.allowHeaders()));
        this.exposeHeaders = HeaderValues.constant("Access-Control-Expose-Headers", String.join(", ", options.exposeHeaders()));
        this.maxAge = AsciiString.of(Long.toString(options.maxAgeSeconds()));
    }

    public static Cors create(CorsOptions options) {
        return new Cors(Objects.requireNonNull(options, "options"));
    }

    /** Allows exactly these origins, e.g. {@code Cors.allowOrigins("https://app.example")}; the rest at defaults. */
    public static Cors allowOrigins(String... origins) {
        return create(CorsOptions.defaults().withOrigins(origins));
    }

    /** Allows the origins {@code matcher} accepts (never {@code "null"}); the rest at defaults. */
    public static Cors allowOrigins(Predicate<String> matcher) {
        return create(CorsOptions.defaults().withOriginMatcher(Objects.requireNonNull(matcher, "matcher")));
    }

    public CorsOptions options() {
        return options;
    }

    @Override
    public Phase phase() {
        return Phase.SECURITY;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        String origin = ctx.header("Origin");
        boolean any = options.anyOrigin();
        Map<String, Object> headers = new LinkedHashMap<>();
        boolean preflight = "OPTIONS".equals(ctx.method()) && origin != null
                && ctx.header("Access-Control-Request-Method") != null;
        if (preflight) {
            return preflight(ctx, origin, any);
        }
        if (!any) {
            Vary.add(ctx, "Origin");
            headers.put("Vary", ctx.responseHeader("Vary"));
        }
        if (origin != null && options.allows(origin)) {
            headers.put("Access-Control-Allow-Origin", any ? ANY : origin);
            if (options.credentials()) {
                headers.put("Access-Control-Allow-Credentials", TRUE);
            }
            if (!exposeHeaders.isEmpty()) {
                headers.put("Access-Control-Expose-Headers", exposeHeaders);
            }
            headers.forEach(ctx::set);
        }
        ctx.keepOnError(headers.keySet().toArray(String[]::new));
        return next.run();
    }

    private Promise<Void> preflight(Context ctx, String origin, boolean any) {
        if (!options.allows(origin)) {
            throw new HttpException(403, "CORS preflight refused: origin not allowed");
        }
        String method = ctx.header("Access-Control-Request-Method");
        if (!options.allowMethods().contains(method)) {
            throw new HttpException(403, "CORS preflight refused: method " + method + " not allowed; allowed: " + allowMethods);
        }
        ctx.set("Access-Control-Allow-Origin", any ? ANY : origin);
        if (options.credentials()) {
            ctx.set("Access-Control-Allow-Credentials", TRUE);
        }
        ctx.set("Access-Control-Allow-Methods", allowMethods);
        if (!allowHeaders.isEmpty()) {
            ctx.set("Access-Control-Allow-Headers", allowHeaders);
        }
        ctx.set("Access-Control-Max-Age", maxAge);
        if (!any) {
            Vary.add(ctx, "Origin");
        }
        Vary.add(ctx, "Access-Control-Request-Method", "Access-Control-Request-Headers");
        ctx.status(204);
        return Promise.resolve(ctx.loop(), null);
    }

    @Override
    public String toString() {
        return "Cors" + options.origins() + (options.originMatcher() == null ? "" : "+matcher");
    }
}
