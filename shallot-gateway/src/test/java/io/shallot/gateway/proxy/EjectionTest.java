package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.web.testing.TestResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EjectionTest {
    /** A breaker that never opens in these tests, so only ejection decides. */
    private static final UpstreamSettings.Breaker PATIENT_BREAKER = new UpstreamSettings.Breaker(100, 100, 100f, null, 0);

    @Test
    void aTargetFailingNTimesInARowIsSkippedForThePeriodThenReturns() {
        try (FakeUpstream good = FakeUpstream.start("good"); FakeUpstream bad = FakeUpstream.start("bad");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", good.url(), bad.url())
                     .withEjection(new UpstreamSettings.Ejection(3, Duration.ofSeconds(5)))
                     .withCircuitBreaker(PATIENT_BREAKER))) {
            bad.respond(exchange -> FakeUpstream.send(exchange, 500, "bad"));
            int passedThrough = 0;
            while (bad.count() < 3) {
                TestResponse response = gateway.get("/x");
                passedThrough += response.status() == 500 ? 1 : 0;
            }
            assertThat(passedThrough).isEqualTo(3);

            for (int i = 0; i < 4; i++) {
                gateway.get("/x").expectStatus(200).expectBody("good");
            }
            assertThat(bad.count()).isEqualTo(3);

            bad.respond(exchange -> FakeUpstream.send(exchange, 200, "bad, recovered"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.get("/x").text().equals("bad, recovered"));
        }
    }

    @Test
    void connectFailuresCountTowardsEjection() throws IOException {
        try (FakeUpstream live = FakeUpstream.start("live");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", live.url(), "http://127.0.0.1:" + deadPort())
                     .withEjection(new UpstreamSettings.Ejection(2, Duration.ofMinutes(1)))
                     .withCircuitBreaker(PATIENT_BREAKER))) {
            int refused = 0;
            for (int i = 0; i < 4; i++) {
                refused += gateway.client.request("POST", "/x").send().status() == 502 ? 1 : 0;
            }
            assertThat(refused).isEqualTo(2);
            for (int i = 0; i < 4; i++) {
                gateway.client.request("POST", "/x").send().expectStatus(200);
            }
        }
    }

    @Test
    void theLastTargetInRotationIsNeverEjected() {
        try (FakeUpstream only = FakeUpstream.start("only");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", only.url())
                     .withEjection(new UpstreamSettings.Ejection(2, Duration.ofMinutes(1)))
                     .withCircuitBreaker(PATIENT_BREAKER))) {
            only.respond(exchange -> FakeUpstream.send(exchange, 502, "flaky"));
            for (int i = 0; i < 6; i++) {
                gateway.get("/x").expectStatus(502).expectBody("flaky");
            }
            assertThat(only.count()).isEqualTo(6);
        }
    }

    static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
