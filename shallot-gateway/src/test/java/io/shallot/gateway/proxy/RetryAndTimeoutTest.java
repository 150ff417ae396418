package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.user.UserMode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAndTimeoutTest {
    private static final UpstreamSettings.Breaker PATIENT_BREAKER = new UpstreamSettings.Breaker(100, 100, 100f, null, 0);
    private static final UpstreamSettings.Ejection NO_EJECTION = new UpstreamSettings.Ejection(1000, null);

    private static UpstreamSettings liveAndDead(FakeUpstream live) throws IOException {
        return UpstreamSettings.of("backend", live.url(), "http://127.0.0.1:" + EjectionTest.deadPort())
                .withEjection(NO_EJECTION).withCircuitBreaker(PATIENT_BREAKER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
    void anIdempotentRequestIsSentToAnotherTargetWhenTheFirstRefusesTheConnection(String method) throws IOException {
        try (FakeUpstream live = FakeUpstream.start("live"); TestGateway gateway = TestGateway.of(liveAndDead(live))) {
            for (int i = 0; i < 4; i++) {
                gateway.client.request(method, "/x").send().expectStatus(200);
            }
            assertThat(live.count()).isEqualTo(4);
        }
    }

    @Test
    void aPutWithAStreamedBodyIsSentWholeToTheOtherTargetWhenTheFirstRefusesTheConnection() throws IOException {
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(body);
        try (FakeUpstream live = FakeUpstream.start("live"); TestGateway gateway = TestGateway.of(liveAndDead(live))) {
            for (int i = 0; i < 4; i++) {
                gateway.client.request("PUT", "/x").body(body).send().expectStatus(200);
            }
            assertThat(live.requests()).hasSize(4).allSatisfy(seen -> {
                assertThat(seen.header("Content-Length")).isEqualTo(Integer.toString(body.length));
                assertThat(seen.body()).isEqualTo(body);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void aNonIdempotentRequestIsNotRetriedAndFailsWith502(String method) throws IOException {
        try (FakeUpstream live = FakeUpstream.start("live"); TestGateway gateway = TestGateway.of(liveAndDead(live))) {
            int failed = 0;
            for (int i = 0; i < 4; i++) {
                var response = gateway.client.request(method, "/x").body("payload").send();
                if (response.status() == 502) {
                    response.expectJson("/ret", 50201).expectJson("/message", "upstream failed");
                    failed++;
                } else {
                    response.expectStatus(200);
                }
            }
            assertThat(failed).isEqualTo(2);
            assertThat(live.count()).isEqualTo(2);
        }
    }

    @Test
    void theRoutesTimeoutGives504AndIsNotRetried() {
        try (FakeUpstream slowA = slow("a"); FakeUpstream slowB = slow("b");
             TestGateway gateway = TestGateway.start(
                     List.of(new ApiRoute("slow", null, "/", Set.of(), "backend", 2, false, Duration.ofMillis(300), UserMode.NONE)),
                     List.of(UpstreamSettings.of("backend", slowA.url(), slowB.url())), "slow")) {
            gateway.get("/x").expectStatus(504).expectJson("/ret", 50401).expectJson("/message", "upstream timed out");
            assertThat(slowA.count() + slowB.count()).isEqualTo(1);
        }
    }

    @Test
    void withoutARouteTimeoutTheUpstreamsResponseTimeoutApplies() {
        try (FakeUpstream slowA = slow("a");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", slowA.url())
                     .withResponseTimeout(Duration.ofMillis(300)))) {
            gateway.get("/x").expectStatus(504).expectJson("/ret", 50401);
        }
    }

    @Test
    void whenEveryTargetRefusesTheConnectionTheAnswerIs502() throws IOException {
        try (TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend",
                "http://127.0.0.1:" + EjectionTest.deadPort(), "http://127.0.0.1:" + EjectionTest.deadPort())
                .withEjection(NO_EJECTION).withCircuitBreaker(PATIENT_BREAKER))) {
            gateway.get("/x").expectStatus(502).expectJson("/ret", 50201);
        }
    }

    private static FakeUpstream slow(String name) {
        return FakeUpstream.start(name).respond(exchange -> {
            Thread.sleep(3000);
            FakeUpstream.send(exchange, 200, "late");
        });
    }
}
