package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.user.UserMode;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RouteMatcherTest {
    private static TestClient client;

    @BeforeAll
    static void start() {
        List<ApiRoute> routes = List.of(
                new ApiRoute("contents", null, "/v1/contents", Set.of("GET", "POST"), "up", 2, false, null, UserMode.NONE),
                new ApiRoute("partner", "api.partner.test", "/v1/contents", Set.of(), "up", 2, false, null, UserMode.NONE));
        App app = new App()
                .use(new RouteMatcher(routes))
                .use((ctx, next) -> {
                    Exchange exchange = Exchange.of(ctx);
                    ctx.json(Map.of("api", exchange.route().api(), "path", exchange.path()));
                    return Promise.resolve(ctx.loop(), null);
                });
        client = TestClient.of(app);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void recordsTheNormalisedPathAndTheRouteInTheExchange() {
        client.get("/v1//Contents/./7/../8").expectStatus(200)
                .expectJson("/api", "contents")
                .expectJson("/path", "/v1/Contents/8");
    }

    @Test
    void matchesTheHostHeaderWithoutPortIgnoringCase() {
        RawHttp.Response response = RawHttp.send(client.port(),
                "GET /v1/contents HTTP/1.1\r\nHost: API.Partner.TEST:8443\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"api\":\"partner\"");
    }

    @Test
    void anUnknownPathIsNoRoute404() {
        client.get("/v2/other").expectStatus(404).expectJson("/ret", 40401).expectJson("/message", "no such api");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        client.request("DELETE", "/v1/contents/7").send()
                .expectStatus(405)
                .expectHeader("Allow", "GET, HEAD, POST")
                .expectJson("/ret", 40501);
    }

    @Test
    void aMalformedPathIsBadPath400BeforeMatching() {
        client.get("/v1/contents%2F7").expectStatus(400).expectJson("/ret", 40001)
                .expectJson("/message", "malformed request path: encoded '/' (%2F) in a path segment");
    }

    @Test
    void theHostIsLowerCaseWithoutPortOrTrailingDot() {
        assertThat(RouteMatcher.host("Api.Example.COM:8443")).isEqualTo("api.example.com");
        assertThat(RouteMatcher.host("example.com.")).isEqualTo("example.com");
        assertThat(RouteMatcher.host("[::1]:8080")).isEqualTo("[::1]");
        assertThat(RouteMatcher.host("[::1]")).isEqualTo("[::1]");
        assertThat(RouteMatcher.host(null)).isNull();
        assertThat(RouteMatcher.host(" ")).isNull();
    }
}
