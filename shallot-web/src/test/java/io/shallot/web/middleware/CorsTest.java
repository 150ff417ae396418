package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorsTest {
    private static final String APP = "https://app.example";
    private final AtomicInteger handled = new AtomicInteger();

    private TestClient serve(Cors cors) {
        Router router = Router.create()
                .get("/data", ctx -> {
                    handled.incrementAndGet();
                    return Promise.resolve(ctx.loop(), "data");
                })
                .put("/data", ctx -> Promise.resolve(ctx.loop(), "put"))
                .get("/private", ctx -> {
                    throw ctx.fail(401, "log in first");
                });
        return TestClient.of(new App().use(cors).use(router.routes()));
    }

    private static TestResponse preflight(TestClient client, String origin, String method) {
        return client.request("OPTIONS", "/data").header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type").send();
    }

    @Test
    void allowsANamedOriginAndVariesOnOrigin() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = client.request("GET", "/data").header("Origin", APP).send().expectStatus(200).expectBody("data");
            assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(res.header("Vary")).isEqualTo("Origin");
            assertThat(res.header("Access-Control-Allow-Credentials")).isNull();
        }
    }

    @Test
    void servesADisallowedOriginWithoutCorsHeaders() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = client.request("GET", "/data").header("Origin", "https://evil.example").send()
                    .expectStatus(200).expectBody("data");
            assertThat(res.header("Access-Control-Allow-Origin")).isNull();
            assertThat(res.header("Vary")).isEqualTo("Origin");
        }
    }

    @Test
    void allowsNothingByDefault() {
        try (TestClient client = serve(Cors.create(CorsOptions.defaults()))) {
            assertThat(client.request("GET", "/data").header("Origin", APP).send().header("Access-Control-Allow-Origin")).isNull();
            preflight(client, APP, "GET").expectStatus(403);
        }
    }

    @Test
    void leavesRequestsWithoutOriginAlone() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = client.get("/data").expectStatus(200);
            assertThat(res.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void answersAPreflightWith204WithoutRunningTheRoute() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = preflight(client, APP, "PUT").expectStatus(204).expectBody("");
            assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(res.header("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, PUT, PATCH, POST, DELETE");
            assertThat(res.header("Access-Control-Allow-Headers")).isEqualTo("Content-Type, Authorization, X-Request-Id");
            assertThat(res.header("Access-Control-Max-Age")).isEqualTo("600");
            assertThat(res.header("Vary")).isEqualTo("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void refusesAPreflightFromADisallowedOriginWith403() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = preflight(client, "https://evil.example", "GET").expectStatus(403)
                    .expectJson("/ret", -1).expectJson("/message", "CORS preflight refused: origin not allowed");
            assertThat(res.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void refusesAPreflightForAMethodNotAllowed() {
        try (TestClient client = serve(Cors.create(CorsOptions.defaults().withOrigins(APP).withAllowMethods("GET")))) {
            preflight(client, APP, "DELETE").expectStatus(403)
                    .expectJson("/message", "CORS preflight refused: method DELETE not allowed; allowed: GET");
        }
    }

    @Test
    void allowsCredentialsOnlyWhenConfigured() {
        Cors cors = Cors.create(CorsOptions.defaults().withOrigins(APP).withCredentials(true).withExposeHeaders("X-Request-Id"));
        try (TestClient client = serve(cors)) {
            TestResponse res = client.request("GET", "/data").header("Origin", APP).send();
            assertThat(res.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(res.header("Access-Control-Expose-Headers")).isEqualTo("X-Request-Id");
            assertThat(preflight(client, APP, "GET").header("Access-Control-Allow-Credentials")).isEqualTo("true");
        }
    }

    @Test
    void refusesCredentialsWithAnyOrigin() {
        assertThatThrownBy(() -> CorsOptions.defaults().withOrigins("*").withCredentials(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials cannot be allowed for origin \"*\"");
    }

    @Test
    void refusesAtConstructionHeaderListsNoResponseCouldCarry() {
        assertThatThrownBy(() -> Cors.create(CorsOptions.defaults().withOrigins(APP).withAllowHeaders("X-A\r\nSet-Cookie: a=b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Access-Control-Allow-Headers").hasMessageContaining("U+000D");
        assertThatThrownBy(() -> Cors.create(CorsOptions.defaults().withOrigins(APP).withExposeHeaders("X-\u0000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Access-Control-Expose-Headers");
    }

    @Test
    void answersStarForAnyOriginWithoutVary() {
        try (TestClient client = serve(Cors.allowOrigins("*"))) {
            TestResponse res = client.request("GET", "/data").header("Origin", "https://whoever.example").send();
            assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(res.header("Vary")).isNull();
        }
    }

    @Test
    void matchesOriginsWithAPredicateButNeverNull() {
        try (TestClient client = serve(Cors.allowOrigins(o -> o.endsWith(".example.com") || o.equals("null")))) {
            assertThat(client.request("GET", "/data").header("Origin", "https://a.example.com").send()
                    .header("Access-Control-Allow-Origin")).isEqualTo("https://a.example.com");
            assertThat(client.request("GET", "/data").header("Origin", "null").send()
                    .header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void comparesConfiguredOriginsCaseInsensitively() {
        try (TestClient client = serve(Cors.allowOrigins("https://App.Example"))) {
            assertThat(client.request("GET", "/data").header("Origin", APP).send()
                    .header("Access-Control-Allow-Origin")).isEqualTo(APP);
        }
    }

    @Test
    void refusesOriginsThatAreNotOrigins() {
        assertThatThrownBy(() -> Cors.allowOrigins("https://app.example/"))
                .hasMessageContaining("drop the trailing slash: \"https://app.example\"");
        assertThatThrownBy(() -> Cors.allowOrigins("app.example")).hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> Cors.allowOrigins("null")).hasMessageContaining("sandboxed frames");
        assertThatThrownBy(() -> Cors.allowOrigins("*", APP)).hasMessageContaining("must be the only entry");
    }

    @Test
    void keepsCorsHeadersOnAnErrorSoThePageCanReadIt() {
        try (TestClient client = serve(Cors.allowOrigins(APP))) {
            TestResponse res = client.request("GET", "/private").header("Origin", APP).send().expectStatus(401);
            assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(res.header("Vary")).isEqualTo("Origin");
        }
    }
}
