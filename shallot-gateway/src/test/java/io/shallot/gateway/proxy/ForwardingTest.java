package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Outcome;
import io.shallot.gateway.user.UserMode;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForwardingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private static FakeUpstream upstream;
    private static TestClient shallotUpstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("backend");
        shallotUpstream = TestClient.of(new App().use((ctx, next) -> {
            ctx.set("X-Method", ctx.method());
            ctx.body("hello");
            return Promise.resolve(ctx.loop(), null);
        }));
        gateway = TestGateway.start(
                List.of(new ApiRoute("contents", null, "/v1/contents", Set.of(), "backend", 2, true, null, UserMode.NONE),
                        ApiRoute.of("echo", "/echo", "backend"),
                        ApiRoute.of("shallot", "/shallot", "shallot")),
                List.of(UpstreamSettings.of("backend", upstream.url()),
                        UpstreamSettings.of("shallot", "http://127.0.0.1:" + shallotUpstream.port())),
                "contents", "echo", "shallot");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        shallotUpstream.close();
        upstream.close();
    }

    @BeforeEach
    void answerWithName() {
        gateway.outcomes.clear();
        upstream.respond(exchange -> FakeUpstream.send(exchange, 200, "backend", "Content-Type", "text/plain"));
    }

    @Test
    void forwardsMethodPathQueryBodyAndHeadersAndRelaysTheResponseAsItIs() throws InterruptedException {
        upstream.respond(exchange -> FakeUpstream.send(exchange, 201, "{\"id\":7}",
                "Content-Type", "application/vnd.shallot+json", "X-Upstream", "yes",
                "Set-Cookie", "a=1; Path=/", "Set-Cookie", "b=2; Path=/", "Cache-Control", "no-store"));
        RawHttp.Response response = RawHttp.send(gateway.port(), "POST /echo/items?x=1&y=a%20b&x=2 HTTP/1.1\r\n"
                + "Host: api.test\r\nContent-Type: application/json\r\nX-Custom: v1\r\nX-Custom: v2\r\n"
                + "Content-Length: 13\r\nConnection: close\r\n\r\n{\"title\":\"t\"}");

        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.target()).isEqualTo("/echo/items?x=1&y=a%20b&x=2");
        assertThat(seen.text()).isEqualTo("{\"title\":\"t\"}");
        assertThat(seen.header("Content-Type")).isEqualTo("application/json");
        assertThat(seen.header("Content-Length")).isEqualTo("13");
        assertThat(seen.headers().get("X-Custom")).containsExactly("v1", "v2");
        assertThat(seen.header("Host")).isEqualTo(upstream.url().substring("http://".length()));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Content-Type")).isEqualTo("application/vnd.shallot+json");
        assertThat(response.header("X-Upstream")).isEqualTo("yes");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.headers().get("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
        assertThat(response.header("Content-Length")).isEqualTo("8");
        assertThat(response.body()).isEqualTo("{\"id\":7}");
        assertThat(gateway.nextOutcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void stripsTheRoutePrefixWhenTheRouteSaysSo() {
        gateway.get("/v1/contents/7?page=2").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/7?page=2");
        gateway.get("/v1/contents").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/");
        gateway.get("/V1/Contents/Drafts/").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/Drafts/");
        gateway.get("/echo/7").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/echo/7");
    }

    @Test
    void dropsHopByHopRequestHeadersAndForwardsAChunkedBodyChunked() {
        RawHttp.send(gateway.port(), "POST /echo HTTP/1.1\r\nHost: api.test\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Trailer: X-Trailing\r\nUpgrade: h2c\r\nProxy-Authorization: Basic c2VjcmV0\r\n"
                + "Proxy-Connection: keep-alive\r\nX-End-To-End: kept\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.headers()).doesNotContainKeys("X-Hop", "Keep-Alive", "TE", "Trailer", "Upgrade",
                "Proxy-Authorization", "Proxy-Connection", "Content-Length");
        assertThat(seen.headers().getOrDefault("Connection", List.of())).noneMatch(value -> value.toLowerCase().contains("x-hop"));
        assertThat(seen.header("X-End-To-End")).isEqualTo("kept");
        assertThat(seen.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(seen.text()).isEqualTo("hello world");
    }

    @Test
    void dropsHopByHopResponseHeaders() {
        upstream.respond(exchange -> FakeUpstream.send(exchange, 200, "ok",
                "Connection", "X-Up-Hop", "X-Up-Hop", "secret", "Keep-Alive", "timeout=5", "Proxy-Authenticate", "Basic",
                "Upgrade", "h2c", "Trailer", "X-Trailing", "X-Up-End", "kept"));
        RawHttp.Response response = gateway.raw("/echo");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKeys("X-Up-Hop", "Keep-Alive", "Proxy-Authenticate", "Upgrade", "Trailer");
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.header("X-Up-End")).isEqualTo("kept");
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void setsForwardedHeadersRequestIdAndAChildTraceparent() {
        gateway.client.request("GET", "/echo")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .header("X-Request-Id", "req-123")
                .header("traceparent", TRACEPARENT)
                .header("tracestate", "vendor=1")
                .send().expectStatus(200).expectHeader("X-Request-Id", "req-123");
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + gateway.port());
        assertThat(seen.header("X-Request-Id")).isEqualTo("req-123");
        assertThat(seen.header("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").isNotEqualTo(TRACEPARENT);
        assertThat(seen.header("tracestate")).isEqualTo("vendor=1");
    }

    @Test
    void startsATraceAndARequestIdWhenTheClientSentNone() {
        TestResponse response = gateway.get("/echo").expectStatus(200);
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.header("X-Request-Id")).isEqualTo(response.header("X-Request-Id")).isNotBlank();
        assertThat(seen.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void neverForwardsTheClientsAuthorizationHeaderOrAccessTokenParameter() {
        gateway.client.request("GET", "/echo/x?access_token=secret&a=1&access%5Ftoken=also&b=2&access_token")
                .header("Authorization", "Bearer secret")
                .send().expectStatus(200);
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.target()).isEqualTo("/echo/x?a=1&b=2");
        assertThat(seen.headers()).doesNotContainKey("Authorization");
        gateway.get("/echo?access_token=secret").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/echo");
        gateway.get("/echo?my_access_token=1&access_tokens=2").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/echo?my_access_token=1&access_tokens=2");
    }

    @Test
    void neverForwardsTheUserTokenOrTheClientsOwnUserHeader() {
        gateway.client.request("GET", "/echo/x?user_token=t1&a=1&user%5Ftoken=t2&b=2&user_token")
                .header("X-User-Token", "t3").header("X-Shallot-User", "mallory").send().expectStatus(200);
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.target()).isEqualTo("/echo/x?a=1&b=2");
        assertThat(seen.headers()).doesNotContainKeys("X-User-Token", "X-Shallot-User");
        gateway.get("/echo?user_token=secret&a=1").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/echo?a=1");
        gateway.get("/echo?my_user_token=1&user_tokens=2&access_token=3").expectStatus(200);
        assertThat(upstream.last().target()).isEqualTo("/echo?my_user_token=1&user_tokens=2");
    }

    @Test
    void namesTheVerifiedUserUpstreamAndNeverTheClientsClaim() {
        gateway.client.request("GET", "/echo").header(TestGateway.USER_HEADER, "ann").header("x-shallot-user", "mallory")
                .send().expectStatus(200);
        assertThat(upstream.last().headers().get("X-Shallot-User")).containsExactly("ann");
    }

    @Test
    void dropsTheUserTokenFromTheHeaderTheGatewayIsConfiguredWith() {
        try (TestGateway custom = TestGateway.startWithUserTokenHeader("X-Login", List.of(ApiRoute.of("echo", "/echo", "backend")),
                List.of(UpstreamSettings.of("backend", upstream.url())), "echo")) {
            custom.client.request("GET", "/echo").header("x-login", "t").header("X-User-Token", "not a credential here")
                    .send().expectStatus(200);
        }
        FakeUpstream.Seen seen = upstream.last();
        assertThat(seen.headers()).doesNotContainKey("X-Login");
        assertThat(seen.header("X-User-Token")).isEqualTo("not a credential here");
    }

    @Test
    void passesAnUpstream5xxThroughAsItIsAsAnUpstreamError() throws InterruptedException {
        upstream.respond(exchange -> FakeUpstream.send(exchange, 500, "{\"error\":\"db down\"}",
                "Content-Type", "application/problem+json"));
        gateway.get("/echo").expectStatus(500)
                .expectHeader("Content-Type", "application/problem+json")
                .expectBody("{\"error\":\"db down\"}");
        assertThat(gateway.nextOutcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        upstream.respond(exchange -> FakeUpstream.send(exchange, 503, "maintenance", "Retry-After", "120"));
        gateway.get("/echo").expectStatus(503).expectHeader("Retry-After", "120").expectBody("maintenance");
    }

    @Test
    void relaysACompressedBodyByteForByteWithoutEncodingItAgain() throws IOException {
        byte[] gzipped = gzip("x".repeat(5000));
        upstream.respond(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, gzipped.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(gzipped);
            }
        });
        TestResponse response = gateway.client.request("GET", "/echo").header("Accept-Encoding", "gzip, deflate").send();
        response.expectStatus(200).expectHeader("Content-Encoding", "gzip").expectHeader("Content-Type", "text/plain");
        assertThat(response.bytes()).isEqualTo(gzipped);
        assertThat(upstream.last().header("Accept-Encoding")).isEqualTo("gzip, deflate");
    }

    @Test
    void relaysAnUncompressedBodyUncompressedWhenTheUpstreamChoseSo() {
        String large = "y".repeat(5000);
        upstream.respond(exchange -> FakeUpstream.send(exchange, 200, large, "Content-Type", "text/plain"));
        TestResponse response = gateway.client.request("GET", "/echo").header("Accept-Encoding", "gzip").send();
        response.expectStatus(200).expectHeader("Content-Encoding", null).expectBody(large);
    }

    @Test
    void answersHeadWithTheUpstreamsLengthAndNoBody() {
        RawHttp.Response response = RawHttp.send(gateway.port(),
                "HEAD /shallot HTTP/1.1\r\nHost: api.test\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Method")).isEqualTo("HEAD");
        assertThat(response.header("Content-Length")).isEqualTo("5");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void relaysAnEmptyAnswer() {
        upstream.respond(exchange -> FakeUpstream.send(exchange, 204, ""));
        RawHttp.Response response = gateway.raw("/echo");
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers()).doesNotContainKey("Content-Type");
        assertThat(response.body()).isEmpty();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
