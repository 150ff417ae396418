package io.shallot.web.middleware;

import io.netty.util.AsciiString;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Next;
import io.shallot.web.server.internal.HeaderValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Helmet's default response headers (helmet 7), phase {@link Phase#SECURITY}:
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>Content-Security-Policy</td><td>{@value #DEFAULT_CSP}</td></tr>
 *   <tr><td>Cross-Origin-Opener-Policy</td><td>same-origin</td></tr>
 *   <tr><td>Cross-Origin-Resource-Policy</td><td>same-origin</td></tr>
 *   <tr><td>Origin-Agent-Cluster</td><td>?1</td></tr>
 *   <tr><td>Referrer-Policy</td><td>no-referrer</td></tr>
 *   <tr><td>Strict-Transport-Security</td><td>max-age=15552000; includeSubDomains</td></tr>
 *   <tr><td>X-Content-Type-Options</td><td>nosniff</td></tr>
 *   <tr><td>X-DNS-Prefetch-Control</td><td>off</td></tr>
 *   <tr><td>X-Download-Options</td><td>noopen</td></tr>
 *   <tr><td>X-Frame-Options</td><td>SAMEORIGIN</td></tr>
 *   <tr><td>X-Permitted-Cross-Domain-Policies</td><td>none</td></tr>
 *   <tr><td>X-XSS-Protection</td><td>0</td></tr>
 * </table>
 * Change one with {@link #with}, drop one with {@link #without}; both return a copy.
 *
 * <p>The headers are set once everything after this middleware has settled, and only where the
 * response does not already have that header, so a route may send its own policy. On an error
 * travelling up, they ride on the error so that the error response has them too; that works for
 * an {@code HttpException} (what {@code ctx.fail} throws, 404/405 included), while the response
 * to any other error (a 500) lacks them until the core keeps headers across its error responder.
 * Runs on the loop; never blocks.
 */
public final class SecurityHeaders implements Phased {
    public static final String DEFAULT_CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;"
            + "form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';"
            + "script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests";

    private final Map<String, String> headers;
    private final String[] names;
    private final AsciiString[] values;

    private SecurityHeaders(Map<String, String> headers) {
        this.headers = Collections.unmodifiableMap(headers);
        this.names = headers.keySet().toArray(String[]::new);
        this.values = headers.entrySet().stream()
                .map(header -> HeaderValues.constant(header.getKey(), header.getValue()))
                .toArray(AsciiString[]::new);
    }

    public static SecurityHeaders create() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", DEFAULT_CSP);
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Origin-Agent-Cluster", "?1");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Strict-Transport-Security", "max-age=15552000; includeSubDomains");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-DNS-Prefetch-Control", "off");
        h.put("X-Download-Options", "noopen");
        h.put("X-Frame-Options", "SAMEORIGIN");
        h.put("X-Permitted-Cross-Domain-Policies", "none");
        h.put("X-XSS-Protection", "0");
        return new SecurityHeaders(h);
    }

    /** A copy that sends {@code name: value}, replacing a default of the same name (case-insensitive). */
    public SecurityHeaders with(String name, String value) {
        Objects.requireNonNull(value, "value");
        checkName(name);
        HeaderValues.constant(name, value);
        Map<String, String> copy = new LinkedHashMap<>(headers);
        String existing = find(name);
        if (existing != null) {
            copy.replace(existing, value);
        } else {
            copy.put(name, value);
        }
        return new SecurityHeaders(copy);
    }

    /** A copy that no longer sends {@code name}; naming a header not in the set is an error (a typo, probably). */
    public SecurityHeaders without(String name) {
        String existing = find(name);
        if (existing == null) {
            throw new IllegalArgumentException("SecurityHeaders does not send \"" + name + "\"; it sends " + headers.keySet());
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove(existing);
        return new SecurityHeaders(copy);
    }

    /** The headers sent, in order. */
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public Phase phase() {
        return Phase.SECURITY;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        return next.run()
                .thenRun(() -> apply(ctx))
                .recoverWith(error -> {
                    apply(ctx);
                    ctx.keepOnError(headers.keySet().toArray(String[]::new));
                    return Promise.reject(ctx.loop(), error);
                });
    }

    private void apply(Context ctx) {
        for (int i = 0; i < names.length; i++) {
            if (ctx.responseHeader(names[i]) == null) {
                ctx.set(names[i], values[i]);
            }
        }
    }

    private String find(String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("not a header name: \"" + name + "\"");
        }
    }

    @Override
    public String toString() {
        return "SecurityHeaders";
    }
}
