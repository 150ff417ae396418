package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The public Router over a socket: precedence, methods, decoding, prefixes, mounts and handler values. */
class RouterIT {

    private static Promise<Object> answer(Context ctx, Object value) {
        return Promise.resolve(ctx.loop(), value);
    }

    private static Middleware header(String name, String value) {
        return (ctx, next) -> {
            ctx.set(name, value);
            return next.run();
        };
    }

    @Test
    void staticBeatsParamBeatsWildcardWhateverTheRegistrationOrder() throws Exception {
        Router router = Router.create()
                .get("/files/*rest", ctx -> answer(ctx, "wildcard " + ctx.param("rest")))
                .get("/files/:name", ctx -> answer(ctx, "param " + ctx.param("name")))
                .get("/files/readme", ctx -> answer(ctx, "static"));
        try (TestClient client = TestClient.of(new App().use(router.routes()))) {
            client.get("/files/readme").expectStatus(200).expectBody("static");
            client.get("/files/notes").expectStatus(200).expectBody("param notes");
            client.get("/files/a/b").expectStatus(200).expectBody("wildcard a/b");
            // %2F is part of the one segment, decoded once: the param route, not the wildcard
            client.get("/files/a%2Fb").expectStatus(200).expectBody("param a/b");
            try (RawHttp http = new RawHttp(client.port())) {
                // a percent sign without two hex digits after it: no client library will send that
                http.send("GET /files/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Reply bad = http.readReply();
                assertThat(bad.head()).startsWith("HTTP/1.1 400");
                assertThat(bad.text()).contains("malformed path");
            }
        }
    }

    @Test
    void aWrongMethodIs405WithAllowAndOptionsAnswers204AndHeadIsServedByGet() {
        Router router = Router.create()
                .get("/items", ctx -> answer(ctx, "the items"))
                .post("/items", ctx -> answer(ctx, "added"));
        try (TestClient client = TestClient.of(new App().use(router.routes()))) {
            client.delete("/items").expectStatus(405).expectHeader("Allow", "GET, HEAD, POST")
                    .expectJson("/message", "Method Not Allowed");
            TestResponse options = client.request("OPTIONS", "/items").send();
            assertThat(options.status()).isEqualTo(204);
            assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST");
            TestResponse head = client.head("/items");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.bytes()).isEmpty();
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf("the items".length()));
            client.get("/nothing").expectStatus(404);
        }
    }

    @Test
    void prefixesMountsAndRouteMiddlewareApplyToTheirOwnRoutesOnly() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Router users = Router.prefixed("/users")
                .use(header("X-Users", "yes"))
                .get("/:id", ctx -> answer(ctx, "user " + ctx.param("id")));
        Router api = Router.prefixed("/v1").use(header("X-Api", "v1"));
        api.with((ctx, next) -> {
            ran.add("audit " + ctx.path());
            return next.run();
        }).delete("/things/:id", ctx -> answer(ctx, "deleted " + ctx.param("id")));
        api.get("/ping", ctx -> answer(ctx, "pong"));
        api.mount("/admin", users);
        try (TestClient client = TestClient.of(new App().use(api.routes()))) {
            TestResponse user = client.get("/v1/admin/users/7").expectStatus(200).expectBody("user 7");
            assertThat(user.header("X-Api")).isEqualTo("v1");
            assertThat(user.header("X-Users")).isEqualTo("yes");

            TestResponse ping = client.get("/v1/ping").expectStatus(200).expectBody("pong");
            assertThat(ping.header("X-Api")).isEqualTo("v1");
            assertThat(ping.header("X-Users")).isNull();

            client.delete("/v1/things/3").expectStatus(200).expectBody("deleted 3");
            client.get("/users/7").expectStatus(404);
            client.get("/ping").expectStatus(404);
        }
        assertThat(ran).containsExactly("audit /v1/things/3");
    }

    @Test
    void aHandlersValueBecomesTheBodyWhetherReadyAtOnceOrLaterUnlessTheHandlerSetOne() {
        List<Object> seenUpstream = new CopyOnWriteArrayList<>();
        Router router = Router.create()
                .get("/now", ctx -> answer(ctx, "ready at once"))
                .get("/later", ctx -> {
                    Deferred<Object> later = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> later.resolve("ready later"), 20);
                    return later.promise();
                })
                .get("/own", ctx -> {
                    ctx.body("set by the handler");
                    return answer(ctx, "returned value");
                })
                .get("/nothing", ctx -> answer(ctx, null))
                .get("/null", ctx -> null);
        App app = new App()
                .use((ctx, next) -> next.run().thenRun(() -> seenUpstream.add(String.valueOf(ctx.responseBody()))))
                .use(router.routes());
        try (TestClient client = TestClient.of(app)) {
            client.get("/now").expectStatus(200).expectBody("ready at once");
            client.get("/later").expectStatus(200).expectBody("ready later");
            client.get("/own").expectStatus(200).expectBody("set by the handler");
            // as in Koa, a matched route that never sets a body is a 404
            client.get("/nothing").expectStatus(404);
            // a handler that returns no promise is a bug in the app: a 500 that names nothing inside
            client.get("/null").expectStatus(500).expectJson("/message", "server error");
        }
        // the rejected /null never reaches the upstream thenRun
        assertThat(seenUpstream).containsExactly("ready at once", "ready later", "set by the handler", "null");
    }

    @Test
    void aValueFromAnotherLoopsPromiseBecomesTheBodyAndUpstreamContinuesOnTheConnectionsLoop() {
        Loop other = Loop.start(LoopOptions.defaults().withThreadName("library-loop"));
        List<String> continuedOn = new CopyOnWriteArrayList<>();
        Router router = Router.create().get("/elsewhere", ctx -> {
            Deferred<Object> elsewhere = Promise.defer(other);
            other.execute(() -> other.setTimeout(() -> elsewhere.resolve("from another loop"), 10));
            return elsewhere.promise();
        });
        App app = new App()
                .use((ctx, next) -> {
                    String connectionLoop = Thread.currentThread().getName();
                    return next.run().thenRun(() -> continuedOn.add(
                            Thread.currentThread().getName().equals(connectionLoop) ? "connection loop" : Thread.currentThread().getName()));
                })
                .use(router.routes());
        try (TestClient client = TestClient.of(app)) {
            client.get("/elsewhere").expectStatus(200).expectBody("from another loop");
        } finally {
            other.shutdown().join();
        }
        assertThat(continuedOn).containsExactly("connection loop");
    }
}
