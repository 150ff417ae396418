package io.shallot.web;

import io.shallot.loop.Promise;
import io.shallot.web.server.internal.MiddlewareTrace;
import java.util.List;
import java.util.Objects;

/**
 * koa-compose: runs middleware in onion order. Two checks stay on in production, each naming the
 * culprit: calling {@code next} twice, and a middleware whose promise settles while the downstream
 * it started is still running (the forgotten {@code return next()}, Koa's silent 404).
 */
public final class Compose {
    private Compose() {
    }

    public static Middleware compose(List<Middleware> middleware) {
        Middleware[] stack = middleware.toArray(Middleware[]::new);
        String[] names = new String[stack.length];
        for (int i = 0; i < stack.length; i++) {
            Objects.requireNonNull(stack[i], "middleware #" + i + " is null; middleware must be a (ctx, next) function");
            names[i] = nameOf(stack[i]);
        }
        return new Middleware() {
            @Override
            public Promise<Void> handle(Context ctx, Next next) {
                return new Invocation(stack, names, ctx, next).dispatch(0);
            }

            @Override
            public String toString() {
                return "compose" + List.of(stack);
            }
        };
    }

    static String nameOf(Middleware m) {
        String name = m.toString();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String owner = name.substring(0, lambda);
            return "lambda in " + owner.substring(owner.lastIndexOf('.') + 1);
        }
        int hash = name.lastIndexOf('@');
        return hash > 0 && name.indexOf('.') >= 0 ? name.substring(name.lastIndexOf('.', hash) + 1, hash) : name;
    }

    private static final class Invocation {
        private final Middleware[] stack;
        private final String[] names;
        private final Context ctx;
        private final Next last;
        private int index = -1;

        Invocation(Middleware[] stack, String[] names, Context ctx, Next last) {
            this.stack = stack;
            this.names = names;
            this.ctx = ctx;
            this.last = last;
        }

        Promise<Void> dispatch(int i) {
            if (i <= index) {
                return Promise.reject(ctx.loop(), new IllegalStateException(
                        "next() called multiple times (" + describe(i - 1) + ")"));
            }
            index = i;
            if (i == stack.length) {
                return last == null ? Promise.resolve(ctx.loop(), null) : last.run();
            }
            Frame frame = new Frame(this, i);
            if (ctx instanceof MiddlewareTrace trace) {
                trace.entered(i, names[i]);
            }
            Promise<Void> result;
            try {
                result = stack[i].handle(ctx, frame);
            } catch (Throwable t) {
                return Promise.reject(ctx.loop(), t);
            }
            if (result == null) {
                return Promise.reject(ctx.loop(), new IllegalStateException(
                        describe(i) + " returned null instead of a Promise"));
            }
            // another loop's promise (a library's own) would run everything upstream on that loop's thread
            result = result.onLoop(ctx.loop());
            if (result == frame.downstream || i == stack.length - 1 && last == null) {
                return result; // nothing downstream of the innermost middleware can still be running
            }
            return result.then(ignored -> {
                if (frame.downstream != null && !frame.downstream.isSettled()) {
                    throw new IllegalStateException(describe(i)
                            + " finished before the middleware it called with next(): missing return of next()?");
                }
                return null;
            });
        }

        private String describe(int i) {
            return "middleware #" + i + ", " + names[i];
        }
    }

    /** One middleware's {@code next}, remembering the downstream promise it started. */
    private static final class Frame implements Next {
        private final Invocation invocation;
        private final int index;
        Promise<Void> downstream;

        Frame(Invocation invocation, int index) {
            this.invocation = invocation;
            this.index = index;
        }

        @Override
        public Promise<Void> run() {
            return downstream = invocation.dispatch(index + 1);
        }
    }
}
