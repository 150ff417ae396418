package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private static final UpstreamSettings.HealthCheck CHECK =
            new UpstreamSettings.HealthCheck("/health", Duration.ofMillis(200), Duration.ofSeconds(1));

    @Test
    void aTargetFailingItsCheckIsOutOfRotationUntilItPassesAgain() {
        try (FakeUpstream a = FakeUpstream.start("a"); FakeUpstream b = FakeUpstream.start("b");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", a.url(), b.url()).withHealthCheck(CHECK))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> b.healthChecks.get() > 0 && a.healthChecks.get() > 0);
            b.healthStatus = 503;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                int before = b.count();
                for (int i = 0; i < 4; i++) {
                    gateway.get("/x").expectStatus(200).expectBody("a");
                }
                assertThat(b.count()).isEqualTo(before);
            });

            b.healthStatus = 200;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.get("/x").text().equals("b"));
        }
    }

    @Test
    void withEveryTargetOutTheAnswerIsNoHealthyTarget503() {
        try (FakeUpstream a = FakeUpstream.start("a");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", a.url()).withHealthCheck(CHECK))) {
            a.healthStatus = 500;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.get("/x").status() == 503);
            gateway.get("/x").expectStatus(503).expectJson("/ret", 50303).expectHeader("Retry-After", "1");
            int served = a.count();

            a.healthStatus = 200;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> gateway.get("/x").status() == 200);
            assertThat(a.count()).isEqualTo(served + 1);
        }
    }
}
