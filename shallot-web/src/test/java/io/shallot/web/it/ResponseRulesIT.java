package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Handler;
import io.shallot.web.HttpException;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each row of the respond table, and the one error path, over a real socket. */
class ResponseRulesIT {
    private static TestClient client;
    private static final List<String> errorsSeen = new CopyOnWriteArrayList<>();

    record Book(String title, int year) {
    }

    /** Serializes its first property, then fails halfway through the JSON object. */
    @JsonPropertyOrder({"title", "secret"})
    public static final class HalfWritten {
        public String getTitle() {
            return "partial";
        }

        public String getSecret() {
            throw new IllegalStateException("secret getter detail");
        }
    }

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/text", ctx -> Promise.resolve(ctx.loop(), "hello"))
                .get("/bytes", ctx -> Promise.resolve(ctx.loop(), new byte[] {1, 2, 3}))
                .get("/record", ctx -> Promise.resolve(ctx.loop(), new Book("Shallot", 2026)))
                .get("/half", ctx -> Promise.resolve(ctx.loop(), new HalfWritten()))
                .get("/map", ctx -> Promise.resolve(ctx.loop(), Map.of("k", "v")))
                .get("/json-string", ctx -> {
                    ctx.json("quoted");
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/null", ctx -> {
                    ctx.body(null);
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/created", ctx -> {
                    ctx.status(201);
                    ctx.body("made");
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/status-only", ctx -> {
                    ctx.status(202);
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/fail", ctx -> {
                    ctx.set("X-Leaky", "yes");
                    throw ctx.fail(409, "already exists");
                })
                .get("/boom", ctx -> {
                    ctx.set("X-Leaky", "yes");
                    throw new IllegalStateException("secret driver detail");
                })
                .get("/rejected", ctx -> Promise.reject(ctx.loop(), new HttpException(418, "teapot")))
                .get("/blocking", Handler.blocking(ctx -> {
                    Thread.sleep(20);
                    return "virtual " + Thread.currentThread().isVirtual();
                }))
                .get("/users/:id", ctx -> Promise.resolve(ctx.loop(), Map.of("id", ctx.param("id"))))
                .get("/files/*", ctx -> Promise.resolve(ctx.loop(), ctx.param("*")))
                .post("/echo", ctx -> Promise.resolve(ctx.loop(), ctx.body().json()))
                .get("/query", ctx -> Promise.resolve(ctx.loop(), ctx.query()))
                .get("/dated", ctx -> {
                    ctx.set("Date", "Tue, 01 Dec 2026 00:00:00 GMT");
                    return Promise.resolve(ctx.loop(), "kept");
                });
        App app = new App().use(router.routes()).onError((error, ctx) -> errorsSeen.add(ctx.status() + " " + error.getMessage()));
        client = TestClient.of(app);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void aStringIsPlainText() {
        client.get("/text").expectStatus(200).expectHeader("Content-Type", "text/plain; charset=utf-8")
                .expectHeader("Content-Length", "5").expectBody("hello");
    }

    @Test
    void bytesAreAnOctetStream() {
        var res = client.get("/bytes").expectStatus(200).expectHeader("Content-Type", "application/octet-stream");
        assertThat(res.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void recordsAndMapsAreJson() {
        client.get("/record").expectStatus(200).expectHeader("Content-Type", "application/json; charset=utf-8")
                .expectJson("/title", "Shallot").expectJson("/year", 2026);
        client.get("/map").expectJson("/k", "v");
        client.get("/json-string").expectHeader("Content-Type", "application/json; charset=utf-8").expectBody("\"quoted\"");
    }

    @Test
    void aBodyThatFailsToSerializeIsA500AndTheNextBodyIsWhole() {
        for (int i = 0; i < 3; i++) {
            var res = client.get("/half").expectStatus(500).expectJson("/message", "server error");
            assertThat(res.text()).doesNotContain("partial").doesNotContain("secret");
            client.get("/record").expectStatus(200).expectBody("{\"title\":\"Shallot\",\"year\":2026}");
        }
    }

    @Test
    void aNullBodyIsNoContent() {
        var res = client.get("/null").expectStatus(204).expectBody("");
        assertThat(res.header("Content-Type")).isNull();
    }

    @Test
    void anExplicitStatusIsNeverChangedBySettingABody() {
        client.get("/created").expectStatus(201).expectBody("made");
        client.get("/status-only").expectStatus(202).expectBody("");
    }

    @Test
    void noRouteAnswers404WithTheEnvelope() {
        client.get("/nowhere").expectStatus(404).expectJson("/ret", -1).expectJson("/message", "Not Found")
                .expectJson("/data", Map.of());
    }

    @Test
    void failAnswersItsStatusAndClearsHeadersSetBefore() {
        var res = client.get("/fail").expectStatus(409).expectJson("/message", "already exists").expectJson("/ret", -1);
        assertThat(res.header("X-Leaky")).isNull();
        assertThat(errorsSeen).contains("409 already exists");
    }

    @Test
    void anUnknownExceptionIsA500WithoutInternals() {
        var res = client.get("/boom").expectStatus(500).expectJson("/message", "server error").expectJson("/ret", -1);
        assertThat(res.text()).doesNotContain("secret").doesNotContain("IllegalState");
        assertThat(res.header("X-Leaky")).isNull();
    }

    @Test
    void aRejectedPromiseTakesTheSameErrorPath() {
        client.get("/rejected").expectStatus(418).expectJson("/message", "teapot");
    }

    @Test
    void aBlockingHandlerRunsOnAVirtualThread() {
        client.get("/blocking").expectStatus(200).expectBody("virtual true");
    }

    @Test
    void paramsAreDecodedOnceAndKeepEncodedSlashes() {
        client.get("/users/a%2Fb").expectJson("/id", "a/b");
        client.get("/users/caf%C3%A9").expectJson("/id", "café");
        client.get("/files/x/y.txt").expectBody("x/y.txt");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        var res = client.delete("/users/1").expectStatus(405);
        assertThat(res.header("Allow")).isEqualTo("GET, HEAD");
        var options = client.request("OPTIONS", "/users/1").send().expectStatus(204);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void headIsServedFromGetWithoutABody() {
        client.head("/text").expectStatus(200).expectHeader("Content-Length", "5").expectBody("");
    }

    @Test
    void invalidJsonIs400WithWhereItBroke() {
        client.postJson("/echo", "{\"a\": 1,").expectStatus(400).expectJson("/ret", -1);
        assertThat(client.postJson("/echo", "{\"a\": }").json().get("message").asText()).startsWith("invalid JSON body at line 1");
        client.postJson("/echo", "{\"a\": [1, 2]}").expectStatus(200).expectJson("/a/1", 2);
    }

    @Test
    void queryKeysAreNeverInterpreted() {
        client.get("/query?user_ids%5B%24ne%5D=1&__proto__=x&a=1&a=2")
                .expectJson("/user_ids[$ne]/0", "1").expectJson("/__proto__/0", "x").expectJson("/a/1", "2");
    }

    @Test
    void aMalformedQueryIs400() throws java.io.IOException {
        try (RawHttp http = new RawHttp(client.port())) {
            assertThat(http.send("GET /query?bad=%zz HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(1))
                    .startsWith("HTTP/1.1 400 ").contains("malformed query string");
        }
    }

    @Test
    void aMalformedPathIs400() throws java.io.IOException {
        for (String path : new String[] {"/users/%E0%A4%A", "/users/%C3%28", "/users/%zz"}) {
            try (RawHttp http = new RawHttp(client.port())) {
                assertThat(http.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(1))
                        .as(path).startsWith("HTTP/1.1 400 ").contains("malformed path");
            }
        }
    }

    @Test
    void everyResponseCarriesTheDateUnlessOneIsSet() throws java.io.IOException {
        long before = System.currentTimeMillis() / 1000 * 1000;
        for (String path : new String[] {"/text", "/status-only", "/nowhere", "/fail", "/boom"}) {
            String date = client.get(path).header("Date");
            assertThat(date).as(path).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
            long at = java.time.ZonedDateTime.parse(date, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
            assertThat(at).as(path).isBetween(before, System.currentTimeMillis());
        }
        client.get("/dated").expectHeader("Date", "Tue, 01 Dec 2026 00:00:00 GMT").expectBody("kept");
        try (RawHttp http = new RawHttp(client.port())) {
            String refused = http.send("GET /text HTTP/1.1\r\n\r\n").readUntilClose();
            assertThat(refused).startsWith("HTTP/1.1 400 ").containsPattern("(?i)\r\ndate: \\w{3}, \\d\\d ");
        }
    }
}
