package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Middleware;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiddlewaresTest {
    @TempDir
    Path files;

    private final Middleware plain = (ctx, next) -> next.run();

    @Test
    void defaultsGiveEveryResponseAnIdSecurityHeadersMetricsAndProbes() {
        Metrics metrics = Metrics.create();
        Health health = Health.create().withCheck("db", () -> Promise.resolve(Loop.current(), true));
        Router router = Router.create().get("/hello", ctx -> Promise.resolve(ctx.loop(), "hi"));
        try (TestClient client = TestClient.of(new App().use(Middlewares.defaults(metrics, health)).use(router.routes()))) {
            TestResponse hello = client.get("/hello").expectStatus(200).expectBody("hi");
            assertThat(hello.header("X-Request-Id")).isNotNull();
            assertThat(hello.header("X-Content-Type-Options")).isEqualTo("nosniff");
            client.get("/health/ready").expectStatus(200).expectHeader("X-Frame-Options", "SAMEORIGIN");
            assertThat(client.get("/metrics").expectStatus(200).text()).contains("route=\"/hello\"");
        }
    }

    @Test
    void defaultsWithoutMetricsStillIdentifyAndProtect() {
        try (TestClient client = TestClient.of(new App().use(Middlewares.defaults()))) {
            TestResponse res = client.get("/x").expectStatus(404);
            assertThat(res.header("X-Request-Id")).isNotNull();
            assertThat(res.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void acceptsBuiltInsInPhaseOrderWithPlainMiddlewareAnywhere() {
        assertThatCode(() -> Middlewares.checkOrder(List.of(plain, Middlewares.defaults(), plain,
                Cors.allowOrigins("https://a.example"), Phased.of(Phase.AUTH, "Auth", plain), StaticFiles.serve(files), plain)))
                .doesNotThrowAnyException();
    }

    @Test
    void spellsOutTheCorrectedOrder() {
        List<Middleware> wrong = List.of(SecurityHeaders.create(), plain, RequestId.create(), AccessLog.create());
        assertThatThrownBy(() -> Middlewares.checkOrder(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("built-in middleware out of order: RequestId (EDGE) is used after SecurityHeaders (SECURITY),"
                        + " but phases run EDGE → SECURITY → BODY → AUTH → APP. Use them in this order (other middleware may"
                        + " go anywhere between): RequestId (EDGE) → AccessLog (EDGE) → SecurityHeaders (SECURITY)");
    }

    @Test
    void looksInsideTheDefaults() throws java.io.IOException {
        assertThatThrownBy(() -> Middlewares.checkOrder(List.of(StaticFiles.serve(files), Middlewares.defaults())))
                .hasMessageStartingWith("built-in middleware out of order: RequestId (EDGE) is used after StaticFiles[")
                .hasMessageEndingWith("RequestId (EDGE) → AccessLog (EDGE) → SecurityHeaders (SECURITY) → StaticFiles["
                        + files.toRealPath() + "] (APP)");
    }

    @Test
    void refusesAnAuthMiddlewareBeforeCors() {
        assertThatThrownBy(() -> Middlewares.checkOrder(List.of(Phased.of(Phase.AUTH, "TokenAuth", plain), Cors.allowOrigins("https://a.example"))))
                .hasMessageContaining("Cors[https://a.example] (SECURITY) is used after TokenAuth (AUTH)");
    }

    @Test
    void namesEveryBuiltInForComposesErrorMessages() {
        Metrics metrics = Metrics.create();
        assertThat(List.of(RequestId.create(), AccessLog.create(), SecurityHeaders.create(), Cors.allowOrigins("https://a.example"),
                metrics, metrics.endpoint(), Health.create()))
                .extracting(Object::toString)
                .containsExactly("RequestId", "AccessLog", "SecurityHeaders", "Cors[https://a.example]", "Metrics",
                        "Metrics.endpoint(/metrics)", "Health(/health/live, /health/ready)");
        assertThat(Middlewares.defaults().toString()).isEqualTo("defaults[RequestId, AccessLog, SecurityHeaders]");
    }

    @Test
    void namesTheBuiltInThatForgotToReturnNext() {
        Middleware forgetful = Phased.of(Phase.AUTH, "TokenAuth", (ctx, next) -> {
            next.run();
            return Promise.resolve(ctx.loop(), null);
        });
        Middleware slow = (ctx, next) -> {
            io.shallot.loop.Deferred<Void> later = Promise.defer(ctx.loop());
            ctx.loop().setTimeout(() -> later.resolve(null), 20);
            return later.promise();
        };
        List<Throwable> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        App app = new App().use(Middlewares.defaults()).use(forgetful).use(slow).onError((error, ctx) -> seen.add(error));
        try (TestClient client = TestClient.of(app)) {
            client.get("/").expectStatus(500).expectJson("/message", "server error");
        }
        assertThat(seen).singleElement().extracting(Throwable::getMessage).asString()
                .contains("TokenAuth finished before the middleware it called with next()");
    }
}
