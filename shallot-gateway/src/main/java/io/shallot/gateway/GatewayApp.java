package io.shallot.gateway;

import java.util.Objects;
import java.util.Set;

/**
 * A third-party app as the request path sees it once its token checked out: what it may call,
 * under which rate-limit plan, how important its traffic is. Its secrets never appear here.
 *
 * @param appid         the app's public id
 * @param status        disabled apps are refused with 403 even with a valid token
 * @param apis          the API ids ({@link ApiRoute#api()}) granted to it; {@code *} grants all
 * @param plan          the name of its rate-limit plan
 * @param priorityClass null, or 0..3: raises (never lowers) the priority of every route it calls
 * @param signed        whether its requests must carry an HMAC signature besides the token
 */
public record GatewayApp(String appid, Status status, Set<String> apis, String plan, Integer priorityClass,
                         boolean signed) {
    public enum Status { ACTIVE, DISABLED }

    public static final String ALL_APIS = "*";

    public GatewayApp {
        Objects.requireNonNull(appid, "appid");
        status = status == null ? Status.ACTIVE : status;
        apis = apis == null ? Set.of() : Set.copyOf(apis);
        plan = plan == null || plan.isBlank() ? "default" : plan;
        if (priorityClass != null && (priorityClass < ApiRoute.CRITICAL || priorityClass > ApiRoute.LOWEST)) {
            throw new IllegalArgumentException("app " + appid + ": priorityClass must be 0..3, got " + priorityClass);
        }
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    public boolean granted(String api) {
        return apis.contains(api) || apis.contains(ALL_APIS);
    }

    /** The priority this app's call of {@code route} runs at: the route's, raised by the app's class. */
    public int priorityFor(ApiRoute route) {
        return priorityClass == null ? route.priority() : Math.min(route.priority(), priorityClass);
    }
}
