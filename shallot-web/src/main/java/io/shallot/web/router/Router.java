package io.shallot.web.router;

import io.shallot.loop.Promise;
import io.shallot.web.Compose;
import io.shallot.web.Context;
import io.shallot.web.Handler;
import io.shallot.web.HttpException;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import io.shallot.web.router.internal.Match;
import io.shallot.web.router.internal.PathPattern;
import io.shallot.web.router.internal.RouteTrie;
import io.shallot.web.server.internal.RouteAware;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * koa-router on a radix trie. Static segments beat {@code :params}, which beat a trailing
 * {@code *}, whatever the registration order; parameters are percent-decoded once ({@code %2F}
 * stays inside the value). A path with no route passes to the next middleware (so the app answers
 * 404); a path whose routes lack the method answers 405 with {@code Allow} (OPTIONS: 204 with
 * {@code Allow}); HEAD is served by GET without the body; a malformed path answers 400.
 *
 * <p>Register everything, then call {@link #routes()} once: registration errors (a duplicate
 * route, unsupported syntax) are thrown there or at registration, never at request time.
 */
public final class Router extends Routes<Router> {
    private record Definition(String method, String path, List<Middleware> before, Handler handler) {
    }

    private final String prefix;
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<Definition> definitions = new ArrayList<>();

    private Router(String prefix) {
        this.prefix = prefix;
    }

    public static Router create() {
        return new Router("");
    }

    /** A router whose every path starts with {@code prefix}, e.g. {@code "/v1"}. */
    public static Router prefixed(String prefix) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a router prefix starts with '/' and does not end with '/': " + prefix);
        }
        return new Router(prefix);
    }

    /** Middleware that runs before the handler of every route of this router (registered or not yet). */
    public Router use(Middleware m) {
        middleware.add(Objects.requireNonNull(m, "middleware must not be null"));
        return this;
    }

    /** A group whose routes run {@code before} ahead of their handler. */
    public RouteGroup with(Middleware... before) {
        return new RouteGroup(this, List.of(before));
    }

    /**
     * Adds every route of {@code child} under {@code path}, with the child's own middleware ahead of
     * each: the routes and middleware the child has now (as koa-router's nesting copies them), so
     * register on the child first.
     */
    public Router mount(String path, Router child) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("a mount path starts with '/' and does not end with '/': " + path);
        }
        for (Definition d : child.definitions) {
            List<Middleware> before = new ArrayList<>(child.middleware);
            before.addAll(d.before());
            definitions.add(new Definition(d.method(), path + child.prefix + d.path(), before, d.handler()));
        }
        return this;
    }

    @Override
    void add(String method, String path, List<Middleware> before, Handler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler must not be null for " + method + " " + path);
        PathPattern.parse(prefix + path);
        definitions.add(new Definition(method, path, List.copyOf(before), handler));
    }

    /** The routing middleware. */
    public Middleware routes() {
        RouteTrie<Middleware> trie = new RouteTrie<>();
        for (Definition d : definitions) {
            List<Middleware> chain = new ArrayList<>(middleware);
            chain.addAll(d.before());
            chain.add(terminal(d.handler()));
            trie.insert(d.method(), prefix + d.path(), chain.size() == 1 ? chain.get(0) : Compose.compose(chain));
        }
        return Middleware.named("router", (ctx, next) -> dispatch(trie, ctx, next));
    }

    private static Promise<Void> dispatch(RouteTrie<Middleware> trie, Context ctx, Next next) throws Exception {
        Match<Middleware> match = trie.lookup(ctx.method(), ctx.path());
        if (match instanceof Match.Found<Middleware> found) {
            if (ctx instanceof RouteAware aware) {
                aware.route(found.pattern(), found.params());
            }
            return found.value().handle(ctx, next);
        }
        if (match instanceof Match.MethodNotAllowed<Middleware> notAllowed) {
            String allow = String.join(", ", notAllowed.allowedMethods());
            if ("OPTIONS".equals(ctx.method())) {
                ctx.set("Allow", allow).status(204);
                return Promise.resolve(ctx.loop(), null);
            }
            throw new HttpException(405, -1, "Method Not Allowed", Map.of("Allow", allow), null);
        }
        if (match instanceof Match.BadPath<Middleware> bad) {
            throw new HttpException(400, "malformed path: " + bad.reason());
        }
        return next.run();
    }

    private static Middleware terminal(Handler handler) {
        return Middleware.named(handler.toString(), (ctx, next) -> {
            Promise<?> result = handler.handle(ctx);
            if (result == null) {
                throw new IllegalStateException("handler for " + ctx.method() + " " + ctx.path()
                        + " returned null instead of a Promise");
            }
            if (result.isFulfilled() && result.loop() == ctx.loop()) {
                // most handlers answer at once: no continuation, no microtask, no promise for it
                Object value = result.resultNow();
                if (value == null) {
                    @SuppressWarnings("unchecked")
                    Promise<Void> fulfilledWithNull = (Promise<Void>) result;
                    return fulfilledWithNull;
                }
                useAsBody(ctx, value);
                return Promise.resolve(ctx.loop(), null);
            }
            // the body is the connection's, so it is set on the connection's loop
            return result.onLoop(ctx.loop()).then(value -> {
                useAsBody(ctx, value);
                return null;
            });
        });
    }

    private static void useAsBody(Context ctx, Object value) {
        if (value != null && ctx.responseBody() == null) {
            ctx.body(value);
        }
    }
}
