package io.shallot.mvc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Envelope;
import io.shallot.web.middleware.RequestId;
import io.shallot.web.client.HttpClient;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ApiCenter against real services: round-robin, each failure kind, trace propagation. */
class ApiCenterTest {
    private static TestClient upstreamA;
    private static TestClient upstreamB;
    private static TestClient front;

    private static App upstream(String name) {
        return new App().use(RequestId.create()).use(Router.create()
                .get("/who", ctx -> Promise.resolve(ctx.loop(), Envelope.ok(name)))
                .get("/echo", ctx -> Promise.resolve(ctx.loop(), Envelope.ok(Map.of(
                        "traceparent", String.valueOf(ctx.header("traceparent")),
                        "requestId", String.valueOf(ctx.header("x-request-id"))))))
                .get("/refuse", ctx -> Promise.resolve(ctx.loop(), Envelope.error(-1, "params error")))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("upstream broke");
                })
                .get("/text", ctx -> Promise.resolve(ctx.loop(), "not json"))
                .get("/slow", ctx -> {
                    Deferred<Object> d = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> d.resolve(Envelope.ok("late")), 3000);
                    return d.promise();
                }).routes());
    }

    @BeforeAll
    static void start() {
        upstreamA = TestClient.of(upstream("a"));
        upstreamB = TestClient.of(upstream("b"));
        ApiCenter api = new ApiCenter(Map.of(
                "up", List.of("http://127.0.0.1:" + upstreamA.port(), "http://127.0.0.1:" + upstreamB.port()),
                "one", List.of("http://127.0.0.1:" + upstreamA.port()),
                "down", List.of("http://127.0.0.1:1")),
                HttpClient.create(), Duration.ofSeconds(10));
        ApiCenter impatient = new ApiCenter(Map.of("one", List.of("http://127.0.0.1:" + upstreamA.port())),
                HttpClient.create(), Duration.ofMillis(300));
        front = TestClient.of(new App().use(RequestId.create()).use(Router.create()
                .get("/call/:service/:path", ctx -> api.get(ctx, ctx.param("service"), "/" + ctx.param("path"))
                        .then(data -> (Object) Envelope.ok(data), error -> Envelope.error(-1, error.getMessage())))
                .get("/impatient/:service/:path", ctx -> impatient.get(ctx.param("service"), "/" + ctx.param("path"))
                        .then(data -> (Object) Envelope.ok(data), error -> Envelope.error(-1, error.getMessage())))
                .routes()));
    }

    @AfterAll
    static void stop() {
        front.close();
        upstreamA.close();
        upstreamB.close();
    }

    @Test
    void callsAreSpreadRoundRobinAndTheEnvelopeIsUnwrapped() {
        String first = front.get("/call/up/who").json().at("/data").asText();
        String second = front.get("/call/up/who").json().at("/data").asText();
        assertThat(List.of(first, second)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void theTraceAndRequestIdTravelToTheService() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var data = front.request("GET", "/call/one/echo").header("traceparent", incoming).header("X-Request-Id", "req-42")
                .send().expectStatus(200).json().get("data");
        String sent = data.get("traceparent").asText();
        assertThat(sent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01");
        assertThat(sent).isNotEqualTo(incoming);
        assertThat(data.get("requestId").asText()).isEqualTo("req-42");
    }

    @Test
    void everyFailureIsARejectionThatSaysWhich() {
        assertThat(message("/call/nowhere/who")).isEqualTo("call to service 'nowhere' failed: unknown service (configured: down, one, up)");
        assertThat(message("/call/one/refuse")).contains("answered ret -1: params error");
        assertThat(message("/call/one/boom")).contains("answered HTTP 500");
        assertThat(message("/call/one/text")).contains("did not answer JSON");
        assertThat(message("/impatient/one/slow")).startsWith("call to service 'one' failed: GET http://127.0.0.1:").contains("/slow timed out after 300 ms");
        assertThat(message("/call/down/who")).startsWith("call to service 'down' failed:");
    }

    private static String message(String path) {
        return front.get(path).expectStatus(200).json().at("/message").asText();
    }
}
