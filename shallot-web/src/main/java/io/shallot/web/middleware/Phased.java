package io.shallot.web.middleware;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.Objects;

/** A middleware that declares its {@link Phase}, so that {@link Middlewares#checkOrder} can check where it is used. */
public interface Phased extends Middleware {

    Phase phase();

    /** Gives {@code middleware} a phase and a name, e.g. for an authentication middleware of your own. */
    static Phased of(Phase phase, String name, Middleware middleware) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(middleware, "middleware must not be null: pass a (ctx, next) function");
        return new Phased() {
            @Override
            public Phase phase() {
                return phase;
            }

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
