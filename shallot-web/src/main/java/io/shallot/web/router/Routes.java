package io.shallot.web.router;

import io.shallot.web.Handler;
import io.shallot.web.Middleware;
import java.util.List;

/** The registration verbs shared by {@link Router} and the groups made by {@link Router#with}. */
public abstract class Routes<R extends Routes<R>> {

    abstract void add(String method, String path, List<Middleware> before, Handler handler);

    @SuppressWarnings("unchecked")
    private R self() {
        return (R) this;
    }

    public R get(String path, Handler handler) {
        add("GET", path, List.of(), handler);
        return self();
    }

    public R post(String path, Handler handler) {
        add("POST", path, List.of(), handler);
        return self();
    }

    public R put(String path, Handler handler) {
        add("PUT", path, List.of(), handler);
        return self();
    }

    public R patch(String path, Handler handler) {
        add("PATCH", path, List.of(), handler);
        return self();
    }

    public R delete(String path, Handler handler) {
        add("DELETE", path, List.of(), handler);
        return self();
    }

    public R head(String path, Handler handler) {
        add("HEAD", path, List.of(), handler);
        return self();
    }

    public R options(String path, Handler handler) {
        add("OPTIONS", path, List.of(), handler);
        return self();
    }

    /** Any method name, upper case (e.g. "PROPFIND"). */
    public R route(String method, String path, Handler handler) {
        add(method, path, List.of(), handler);
        return self();
    }
}
