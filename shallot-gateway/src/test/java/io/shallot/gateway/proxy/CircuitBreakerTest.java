package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    /** Opens when 2 of the last 4 calls failed, for 3 s, then lets 2 probes through. */
    private static final UpstreamSettings.Breaker BREAKER =
            new UpstreamSettings.Breaker(4, 4, 50f, Duration.ofSeconds(3), 2);

    @Test
    void opensOnFailuresRefusingWithRetryAfterThenClosesWhenProbesSucceed() {
        try (FakeUpstream upstream = FakeUpstream.start("backend");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()).withCircuitBreaker(BREAKER))) {
            upstream.respond(exchange -> FakeUpstream.send(exchange, 500, "broken"));
            for (int i = 0; i < 4; i++) {
                gateway.get("/x").expectStatus(500).expectBody("broken");
            }

            String retryAfter = gateway.get("/x").expectStatus(503).expectJson("/ret", 50302)
                    .expectJson("/message", "upstream unavailable, retry later").header("Retry-After");
            assertThat(Integer.parseInt(retryAfter)).isBetween(1, 3);
            assertThat(upstream.count()).isEqualTo(4);

            upstream.respond(exchange -> FakeUpstream.send(exchange, 200, "fixed"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.get("/x").status() == 200);
            for (int i = 0; i < 6; i++) {
                gateway.get("/x").expectStatus(200).expectBody("fixed");
            }
        }
    }

    @Test
    void failingProbesOpenItAgain() {
        try (FakeUpstream upstream = FakeUpstream.start("backend");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()).withCircuitBreaker(BREAKER))) {
            upstream.respond(exchange -> FakeUpstream.send(exchange, 503, "still broken"));
            for (int i = 0; i < 4; i++) {
                gateway.get("/x").expectStatus(503).expectBody("still broken");
            }
            gateway.get("/x").expectStatus(503).expectJson("/ret", 50302);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.get("/x").text().equals("still broken"));
            gateway.get("/x").expectStatus(503).expectBody("still broken");
            gateway.get("/x").expectStatus(503).expectJson("/ret", 50302);
            assertThat(upstream.count()).isEqualTo(6);
        }
    }
}
