package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.internal.Contexts;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static TestClient client;

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/trace", ctx -> {
                    Trace t = Trace.of(ctx);
                    return Promise.resolve(ctx.loop(), Map.of("id", ctx.requestId(), "traceId", t.traceId(), "spanId", t.spanId(),
                            "parent", String.valueOf(t.parentSpanId()), "sampled", t.sampled(), "state", t.traceState(),
                            "outgoing", t.traceparentForOutgoingCall()));
                })
                .get("/fail", ctx -> {
                    throw ctx.fail(409, "conflict");
                });
        client = TestClient.of(new App().use(RequestId.create()).use(router.routes()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static TestResponse trace(String traceparent) {
        return client.request("GET", "/trace").header("traceparent", traceparent).send().expectStatus(200);
    }

    @Test
    void keepsAValidIncomingRequestId() {
        client.request("GET", "/trace").header("X-Request-Id", "req-42.a:b").send()
                .expectHeader("X-Request-Id", "req-42.a:b").expectJson("/id", "req-42.a:b");
    }

    @Test
    void generatesAnIdWhenTheIncomingOneIsMissingOrInvalid() {
        TestResponse none = client.get("/trace");
        assertThat(none.header("X-Request-Id")).matches("[0-9a-f]{16}").isEqualTo(none.json().get("id").asText());
        TestResponse bad = client.request("GET", "/trace").header("X-Request-Id", "<script>").send();
        assertThat(bad.header("X-Request-Id")).matches("[0-9a-f]{16}");
    }

    @Test
    void keepsTheRequestIdOnAnErrorResponse() {
        client.request("GET", "/fail").header("X-Request-Id", "kept-1").send().expectStatus(409)
                .expectHeader("X-Request-Id", "kept-1");
    }

    @Test
    void continuesTheCallersTraceWithANewSpan() {
        JsonNode json = client.request("GET", "/trace").header("traceparent", "00-" + TRACE + "-" + PARENT + "-01")
                .header("tracestate", "congo=t61rcWkgMzE").send().json();
        assertThat(json.get("traceId").asText()).isEqualTo(TRACE);
        assertThat(json.get("parent").asText()).isEqualTo(PARENT);
        assertThat(json.get("spanId").asText()).matches("[0-9a-f]{16}").isNotEqualTo(PARENT);
        assertThat(json.get("sampled").asBoolean()).isTrue();
        assertThat(json.get("state").asText()).isEqualTo("congo=t61rcWkgMzE");
    }

    @Test
    void keepsTheCallersFlags() {
        assertThat(trace("00-" + TRACE + "-" + PARENT + "-00").json().get("sampled").asBoolean()).isFalse();
    }

    @Test
    void givesOutgoingCallsTheSameTraceAndAFreshParentId() {
        JsonNode json = trace("00-" + TRACE + "-" + PARENT + "-01").json();
        String outgoing = json.get("outgoing").asText();
        assertThat(outgoing).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(outgoing.substring(36, 52)).isNotEqualTo(PARENT).isNotEqualTo(json.get("spanId").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "garbage"
    })
    void startsANewTraceWhenTraceparentIsInvalid(String traceparent) {
        JsonNode json = trace(traceparent).json();
        assertThat(json.get("traceId").asText()).matches("[0-9a-f]{32}").isNotEqualTo(TRACE);
        assertThat(json.get("parent").asText()).isEqualTo("null");
        assertThat(json.get("sampled").asBoolean()).isTrue();
        assertThat(json.get("state").asText()).isEmpty();
    }

    @Test
    void parsesALaterVersionByItsVersion00Fields() {
        JsonNode json = trace("01-" + TRACE + "-" + PARENT + "-01-future").json();
        assertThat(json.get("traceId").asText()).isEqualTo(TRACE);
        assertThat(json.get("parent").asText()).isEqualTo(PARENT);
    }

    @Test
    void sendsTraceresponseOnlyWhenEnabled() {
        assertThat(client.get("/trace").header("traceresponse")).isNull();
        App app = new App().use(RequestId.create().withTraceResponse(true))
                .use((ctx, next) -> {
                    ctx.body(Trace.of(ctx).spanId());
                    return next.run();
                });
        try (TestClient traced = TestClient.of(app)) {
            TestResponse res = traced.request("GET", "/").header("traceparent", "00-" + TRACE + "-" + PARENT + "-01").send();
            assertThat(res.header("traceresponse")).isEqualTo("00-" + TRACE + "-" + res.text() + "-01");
        }
    }

    @Test
    void aRequestKeepsOneTraceHoweverOftenItIsAskedFor() {
        App app = new App().use(RequestId.create())
                .use((ctx, next) -> {
                    Trace first = Trace.of(ctx);
                    io.shallot.web.client.ClientRequest call = io.shallot.web.client.ClientRequest.get("http://127.0.0.1:1/x");
                    Trace.propagation(ctx).accept(call);
                    ctx.body(first == Trace.of(ctx) ? call.headers().get("traceparent").get(0) : "a second trace");
                    return next.run();
                });
        try (TestClient traced = TestClient.of(app)) {
            String outgoing = traced.request("GET", "/").header("traceparent", "00-" + TRACE + "-" + PARENT + "-01").send().text();
            assertThat(outgoing).startsWith("00-" + TRACE + "-").endsWith("-01").doesNotContain(PARENT);
        }
    }

    @Test
    void traceOfWithoutRequestIdSaysWhatIsMissing() {
        assertThatThrownBy(() -> Trace.of(Contexts.create(null, "GET", "/x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("add RequestId.create() before");
    }

    @Test
    void aTraceRefusesMalformedIds() {
        assertThatThrownBy(() -> new Trace("abc", PARENT, null, 1, ""))
                .hasMessageContaining("trace id must be 32 lowercase hex digits");
        assertThatThrownBy(() -> new Trace(TRACE, "0000000000000000", null, 1, ""))
                .hasMessageContaining("not all zero");
        assertThat(new Trace(TRACE, PARENT, null, 1, null).traceparent()).isEqualTo("00-" + TRACE + "-" + PARENT + "-01");
    }
}
