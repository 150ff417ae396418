package io.shallot.gateway.proxy;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.proxy.internal.RouteTable;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which API a request calls, before anything asks whether it may: normalises the path
 * once ({@link PathNormalizer}), matches host, path prefix and method, and records both in the
 * request's {@link Exchange} ({@code path}, {@code route}) for authentication, permission, limits
 * and the {@link Proxy} downstream.
 *
 * <p>Matching, precomputed at construction:
 * <ul>
 *   <li>host: the {@code Host} header without port, lower case, without a trailing dot; a route
 *       with a null host matches any host, a route naming the host wins over it at the same
 *       prefix;</li>
 *   <li>path: the longest route prefix on a segment boundary ({@code /v1/contents} matches
 *       {@code /v1/contents/7}, not {@code /v1/contentsX}), compared ignoring case, so
 *       {@code /ADMIN} is the admin API and needs its grant even where an upstream ignores case;</li>
 *   <li>method: upper-cased (the proxy sends it upper case too) and matched among the routes of
 *       that prefix; HEAD is served by a route that allows GET.</li>
 * </ul>
 *
 * <p>Refusals, thrown as {@link Refusal.GatewayException}: a malformed path {@link Refusal#BAD_PATH}
 * (400), no route {@link Refusal#NO_ROUTE} (404), a prefix without the method
 * {@link Refusal#METHOD_NOT_ALLOWED} (405) with {@code Allow}.
 *
 * <p>Runs on the connection's loop, never blocks; immutable and shareable between loops.
 */
public final class RouteMatcher implements Middleware {
    private final RouteTable table;

    /**
     * @throws IllegalArgumentException when a prefix is not a normalised path, or two routes share
     *                                  a host, prefix and method
     */
    public RouteMatcher(List<ApiRoute> routes) {
        this.table = RouteTable.of(List.copyOf(routes));
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        String path = PathNormalizer.normalize(ctx.path());
        String method = ctx.method().toUpperCase(Locale.ROOT);
        return switch (table.match(host(ctx.header("Host")), path, method)) {
            case RouteTable.Found found -> {
                Exchange.of(ctx).path(path).route(found.route());
                yield next.run();
            }
            case RouteTable.NoRoute none -> throw Refusal.NO_ROUTE.exception();
            case RouteTable.WrongMethod wrong -> throw Refusal.METHOD_NOT_ALLOWED.exception(
                    Refusal.METHOD_NOT_ALLOWED.message() + ": " + method + " (allowed: " + wrong.allow() + ")",
                    Map.of("Allow", wrong.allow()));
        };
    }

    /** The host a {@code Host} header names: lower case, no port, no trailing dot; null when absent. */
    static String host(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "RouteMatcher";
    }
}
