package io.shallot.web.router;

import io.shallot.web.Handler;
import io.shallot.web.Middleware;
import java.util.ArrayList;
import java.util.List;

/** Routes registered on a {@link Router} with extra middleware before their handler. */
public final class RouteGroup extends Routes<RouteGroup> {
    private final Router router;
    private final List<Middleware> middleware;

    RouteGroup(Router router, List<Middleware> middleware) {
        this.router = router;
        this.middleware = List.copyOf(middleware);
    }

    @Override
    void add(String method, String path, List<Middleware> before, Handler handler) {
        List<Middleware> all = new ArrayList<>(middleware);
        all.addAll(before);
        router.add(method, path, all, handler);
    }
}
