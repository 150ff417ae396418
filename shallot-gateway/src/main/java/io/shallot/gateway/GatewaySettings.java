package io.shallot.gateway;

import io.shallot.gateway.auth.AuthSettings;
import io.shallot.gateway.limit.LimitSettings;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.shed.ShedSettings;
import io.shallot.gateway.user.UserMode;
import io.shallot.gateway.user.UserSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code gateway} section of a Shallot config, bound strictly ({@code config.view("gateway",
 * GatewaySettings.class)}); MongoDB and Redis come from the config's own {@code mongodb} and
 * {@code redis} sections. Absent parts take their defaults ({@code users}: off); {@code upstreams}
 * and {@code routes} are required.
 *
 * <pre>
 * gateway:
 *   server: {host: 127.0.0.1, port: 8000, maxBodyBytes: 1048576}
 *   auth: {adminToken: ..., tokenTtl: 2h}
 *   limits: {failMode: open, plans: {default: {app: {limit: 100, period: 1s}}}}
 *   shedding: {delayHigh: 50ms, delayLow: 10ms}
 *   upstreams:
 *     - {name: restful, targets: [http://127.0.0.1:4000]}
 *   routes:
 *     - {api: contents.read, prefix: /v1/contents, methods: [GET], upstream: restful, priority: 1}
 *     - {api: users.messages, prefix: /v1/users, upstream: restful, user: required}
 *   users:
 *     issuer: https://login.example.com
 *     keys: [{kid: k1, alg: HS256, secret: ...}]
 * </pre>
 *
 * @throws IllegalArgumentException (from the constructor) when a route names an unknown upstream
 *                                  or no route is configured; a route that asks for a user while
 *                                  {@code users} has no keys fails {@link #checkUserRoutes()}, which
 *                                  {@code Gateway.start} calls
 */
public record GatewaySettings(Server server, AuthSettings auth, LimitSettings limits, ShedSettings shedding,
                              List<UpstreamSettings> upstreams, List<RouteSettings> routes, UserSettings users) {

    /**
     * Where the gateway listens.
     *
     * @param host         default 127.0.0.1 (put a public address here only behind a TLS-terminating edge)
     * @param port         default 8000; 0 picks a free port
     * @param loops        event loops; default 0 = one per core
     * @param maxBodyBytes the largest request body, streamed or not; larger: 413 and the connection
     *                     closes. Default 1 MiB (nginx's {@code client_max_body_size}). Proxied bodies
     *                     stream through whatever their size; the token endpoint, the admin API and
     *                     the signature check of signed apps read theirs in full, up to this
     */
    public record Server(String host, Integer port, Integer loops, Integer maxBodyBytes) {
        public static final int DEFAULT_PORT = 8000;
        public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

        public Server {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            port = port == null ? DEFAULT_PORT : port;
            loops = loops == null ? 0 : loops;
            maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("gateway.server.port must be 0..65535, got " + port);
            }
            if (loops < 0) {
                throw new IllegalArgumentException("gateway.server.loops must not be negative, got " + loops);
            }
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("gateway.server.maxBodyBytes must not be negative, got " + maxBodyBytes);
            }
        }
    }

    public GatewaySettings {
        server = server == null ? new Server(null, null, null, null) : server;
        auth = auth == null ? AuthSettings.defaults() : auth;
        limits = limits == null ? LimitSettings.defaults() : limits;
        shedding = shedding == null ? ShedSettings.defaults() : shedding;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        routes = routes == null ? List.of() : List.copyOf(routes);
        users = users == null ? UserSettings.disabled() : users;
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("gateway.routes: at least one route is required");
        }
        Set<String> names = new HashSet<>();
        upstreams.forEach(u -> names.add(u.name()));
        for (RouteSettings route : routes) {
            if (!names.contains(route.upstream())) {
                throw new IllegalArgumentException("gateway.routes: " + route.api() + " names upstream '" + route.upstream()
                        + "', which is not in gateway.upstreams (known: " + String.join(", ", names) + ")");
            }
        }
    }

    /**
     * Checked when the gateway starts, not when the section binds, so that code may add keys to a
     * bound config (a demo's generated key, keys from a secret store).
     *
     * @throws IllegalArgumentException naming the first route that asks for a user while
     *                                  {@code users} has no keys to verify user tokens with
     */
    public void checkUserRoutes() {
        for (RouteSettings route : routes) {
            if (route.user() != UserMode.NONE && !users.enabled()) {
                throw new IllegalArgumentException("gateway.routes: " + route.api() + " has user: "
                        + route.user().name().toLowerCase(Locale.ROOT) + ", but gateway.users has no keys to verify"
                        + " user tokens with (set gateway.users.issuer and gateway.users.keys)");
            }
        }
    }

    public List<ApiRoute> apiRoutes() {
        return routes.stream().map(RouteSettings::toRoute).toList();
    }

    public GatewaySettings withServer(Server value) {
        return new GatewaySettings(value, auth, limits, shedding, upstreams, routes, users);
    }

    public GatewaySettings withAuth(AuthSettings value) {
        return new GatewaySettings(server, value, limits, shedding, upstreams, routes, users);
    }

    public GatewaySettings withLimits(LimitSettings value) {
        return new GatewaySettings(server, auth, value, shedding, upstreams, routes, users);
    }

    public GatewaySettings withUpstreams(List<UpstreamSettings> value) {
        return new GatewaySettings(server, auth, limits, shedding, value, routes, users);
    }

    public GatewaySettings withShedding(ShedSettings value) {
        return new GatewaySettings(server, auth, limits, value, upstreams, routes, users);
    }

    public GatewaySettings withUsers(UserSettings value) {
        return new GatewaySettings(server, auth, limits, shedding, upstreams, routes, value);
    }
}
