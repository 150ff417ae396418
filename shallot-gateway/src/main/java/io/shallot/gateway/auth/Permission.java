package io.shallot.gateway.auth;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.Refusal;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;

/**
 * The permission step: the authenticated app ({@link Exchange#app}) must be active, else
 * {@code APP_DISABLED} (403), and granted the matched route's API ({@link Exchange#route}), else
 * {@code API_NOT_GRANTED} (403). Runs after the route matcher and {@link Authenticate}; without
 * either's result it fails with an {@link IllegalStateException} (a 500: the pipeline is wired
 * wrong). Stateless; runs on the request's loop.
 */
public final class Permission implements Middleware {
    private static final Permission INSTANCE = new Permission();

    private Permission() {
    }

    public static Permission create() {
        return INSTANCE;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        Exchange exchange = Exchange.of(ctx);
        GatewayApp app = exchange.app();
        ApiRoute route = exchange.route();
        if (app == null) {
            throw new IllegalStateException("Permission needs the authenticated app: put Authenticate before it");
        }
        if (route == null) {
            throw new IllegalStateException("Permission needs the matched route: put the route matcher before it");
        }
        if (!app.active()) {
            throw Refusal.APP_DISABLED.exception();
        }
        if (!app.granted(route.api())) {
            throw Refusal.API_NOT_GRANTED.exception();
        }
        return next.run();
    }

    @Override
    public String toString() {
        return "Permission";
    }
}
