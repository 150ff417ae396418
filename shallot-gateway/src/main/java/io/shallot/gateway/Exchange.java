package io.shallot.gateway;

import io.shallot.gateway.user.GatewayUser;
import io.shallot.web.Context;

/**
 * What the gateway learned about one request as it passes the middleware: the normalised path,
 * the matched route, the authenticated app, the verified end user and how it ended. Kept in
 * {@code ctx.state()}; loop confined like the context, so no synchronisation.
 */
public final class Exchange {
    private static final String KEY = Exchange.class.getName();

    private String path;
    private ApiRoute route;
    private GatewayApp app;
    private GatewayUser user;
    private Outcome outcome = Outcome.OK;

    /** This request's exchange, created on first use. */
    public static Exchange of(Context ctx) {
        Object existing = ctx.state().get(KEY);
        if (existing instanceof Exchange exchange) {
            return exchange;
        }
        Exchange created = new Exchange();
        ctx.state().put(KEY, created);
        return created;
    }

    /** The path after normalisation (decoded, dot segments and duplicate slashes resolved), or null before. */
    public String path() {
        return path;
    }

    public Exchange path(String normalised) {
        this.path = normalised;
        return this;
    }

    /** The matched route, or null before routing. */
    public ApiRoute route() {
        return route;
    }

    public Exchange route(ApiRoute matched) {
        this.route = matched;
        return this;
    }

    /** The authenticated app, or null before authentication. */
    public GatewayApp app() {
        return app;
    }

    public Exchange app(GatewayApp authenticated) {
        this.app = authenticated;
        return this;
    }

    /** The end user of a verified user token, or null (none sent, the route asks for none, or before the check). */
    public GatewayUser user() {
        return user;
    }

    public Exchange user(GatewayUser verified) {
        this.user = verified;
        return this;
    }

    /** The priority this request runs at (the route's, raised by the app's class); lowest when unknown. */
    public int priority() {
        if (route == null) {
            return ApiRoute.LOWEST;
        }
        return app == null ? route.priority() : app.priorityFor(route);
    }

    public Outcome outcome() {
        return outcome;
    }

    public Exchange outcome(Outcome value) {
        this.outcome = value;
        return this;
    }
}
