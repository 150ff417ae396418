package io.shallot.gateway;

import io.shallot.gateway.user.UserMode;
import io.shallot.web.Middleware;
import java.util.Map;
import java.util.Set;

/**
 * Stands in for route matching and authentication in tests: the route is the first path segment
 * (priority from {@code X-Priority}, default 2) and the app is the one named by {@code X-App}.
 */
public final class Identify {
    private Identify() {
    }

    public static Middleware apps(Map<String, GatewayApp> apps) {
        return (ctx, next) -> {
            String path = ctx.path();
            int end = path.indexOf('/', 1);
            String api = path.substring(1, end < 0 ? path.length() : end);
            String priority = ctx.header("X-Priority");
            Exchange.of(ctx)
                    .route(new ApiRoute(api, null, "/" + api, Set.of(), "upstream",
                            priority == null ? 2 : Integer.parseInt(priority), false, null, UserMode.NONE))
                    .app(apps.get(ctx.header("X-App")));
            return next.run();
        };
    }

    /** An active app granted every API, under {@code plan}. */
    public static GatewayApp app(String appid, String plan) {
        return new GatewayApp(appid, GatewayApp.Status.ACTIVE, Set.of(GatewayApp.ALL_APIS), plan, null, false);
    }
}
