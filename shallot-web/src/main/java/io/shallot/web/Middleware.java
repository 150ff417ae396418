package io.shallot.web;

import io.shallot.loop.Promise;

/**
 * Koa's middleware: {@code (ctx, next) -> promise}. Runs on the connection's loop thread; code
 * after {@code next.run()} settles runs after everything downstream has finished (the onion).
 * Return {@code next.run()} (or a promise chained on it); returning without waiting for a
 * downstream that was started is reported as an error naming this middleware.
 *
 * <p>A throw or a rejected promise travels upstream, where a middleware may {@code recover}.
 * Give a middleware a readable name in error messages with {@link #named}.
 */
@FunctionalInterface
public interface Middleware {

    Promise<Void> handle(Context ctx, Next next) throws Exception;

    /** The same middleware, reported as {@code name} by {@link Compose}'s checks. */
    static Middleware named(String name, Middleware middleware) {
        return new Middleware() {
            @Override
            public Promise<Void> handle(Context ctx, Next next) throws Exception {
                return middleware.handle(ctx, next);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
