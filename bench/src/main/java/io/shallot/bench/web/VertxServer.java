package io.shallot.bench.web;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Vert.x web peer of {@code bench/web.sh}: a {@link Router} with the three routes, one
 * verticle instance (and so one HTTP server on its own event loop) per event loop, as many event
 * loops as cores, native epoll transport. JSON bodies are {@link JsonObject}s encoded per request;
 * headers as Shallot's answers, less {@code X-Request-Id}.
 *
 * <p>Usage: {@code VertxServer <port>}.
 */
public final class VertxServer {
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");

    private VertxServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Peers.port(args);
        int loops = Peers.loops();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        vertx.deployVerticle(() -> new Server(port), new DeploymentOptions().setInstances(loops))
                .toCompletionStage().toCompletableFuture().get();
        Peers.ready("vertx", port, loops, "epoll=" + vertx.isNativeTransportEnabled());
    }

    private static final class Server extends VerticleBase {
        private final int port;

        Server(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            Router router = Router.router(vertx);
            router.get("/plaintext").handler(rc -> rc.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(Peers.HELLO));
            router.get("/json").handler(rc -> json(rc, new JsonObject().put("message", Peers.HELLO)));
            router.get("/v1/users/:id").handler(rc -> {
                String id = rc.pathParam("id");
                json(rc, new JsonObject().put("id", id).put("name", "user" + id));
            });
            return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                    .requestHandler(router)
                    .listen(port, "127.0.0.1");
        }

        private static void json(RoutingContext rc, JsonObject body) {
            MultiMap headers = rc.response().headers();
            headers.set(HttpHeaders.CONTENT_TYPE, JSON);
            rc.response().end(body.toBuffer());
        }
    }
}
