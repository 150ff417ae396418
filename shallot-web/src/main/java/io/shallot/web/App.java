package io.shallot.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shallot.loop.LoopGroup;
import io.shallot.web.middleware.Middlewares;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.server.internal.AppHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A Koa application: {@code use} middleware in order, then {@code listen}. The chain is composed
 * once, when the server starts; middleware added later is not seen by that server.
 *
 * <pre>{@code
 * App app = new App();
 * app.use((ctx, next) -> next.run().thenRun(() -> ctx.set("X-Took", "...")));
 * app.use(router.routes());
 * HttpServer server = app.listen(3000);
 * }</pre>
 */
public final class App {
    private final List<Middleware> middleware = new ArrayList<>();
    private ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
    private BiConsumer<Throwable, Context> errorListener;

    public App use(Middleware m) {
        middleware.add(Objects.requireNonNull(m, "middleware must not be null: pass a (ctx, next) function"));
        return this;
    }

    /** The JSON mapper used for request and response bodies. */
    public App mapper(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The one error listener (Koa's {@code app.on('error')}): called after the error responder has
     * decided the status, with the error and the context. It must not throw.
     */
    public App onError(BiConsumer<Throwable, Context> listener) {
        this.errorListener = listener;
        return this;
    }

    /**
     * The whole chain as one middleware, for embedding or testing. Built-in middleware stacked out
     * of phase order fails here, with the corrected order spelled out.
     */
    public Middleware handler() {
        Middlewares.checkOrder(middleware);
        return Compose.compose(middleware);
    }

    public HttpServer listen(int port) {
        return listen(ServerOptions.defaults().withPort(port));
    }

    public HttpServer listen(ServerOptions options) {
        return HttpServer.start(new AppHandle(handler(), mapper, errorListener), options, null);
    }

    /** Listens on loops the caller owns (several servers can share one group). */
    public HttpServer listen(ServerOptions options, LoopGroup loops) {
        return HttpServer.start(new AppHandle(handler(), mapper, errorListener), options, Objects.requireNonNull(loops, "loops"));
    }
}
