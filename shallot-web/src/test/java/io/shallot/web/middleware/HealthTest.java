package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static TestClient serve(Health health) {
        return TestClient.of(new App().use(health));
    }

    private static Promise<Boolean> up() {
        return Promise.resolve(Loop.current(), true);
    }

    @Test
    void answersLiveWith200() {
        try (TestClient client = serve(Health.create().withCheck("db", () -> Promise.resolve(Loop.current(), false)))) {
            client.get("/health/live").expectStatus(200).expectJson("/ret", 0).expectJson("/data/status", "up")
                    .expectHeader("Cache-Control", "no-store");
        }
    }

    @Test
    void answersReadyWith200WhenEveryCheckPasses() {
        try (TestClient client = serve(Health.create().withCheck("db", HealthTest::up).withCheck("cache", HealthTest::up))) {
            client.get("/health/ready").expectStatus(200).expectJson("/ret", 0)
                    .expectJson("/data/checks", Map.of("db", "up", "cache", "up"));
        }
    }

    @Test
    void answersReadyWithNoChecksAs200() {
        try (TestClient client = serve(Health.create())) {
            client.get("/health/ready").expectStatus(200);
        }
    }

    @Test
    void answers503NamingTheChecksThatFailed() {
        Health health = Health.create()
                .withCheck("db", HealthTest::up)
                .withCheck("cache", () -> Promise.resolve(Loop.current(), false))
                .withCheck("queue", () -> Promise.reject(Loop.current(), new IllegalStateException("secret broker detail")))
                .withCheck("search", () -> {
                    throw new IllegalStateException("thrown");
                });
        try (TestClient client = serve(health)) {
            TestResponse res = client.get("/health/ready").expectStatus(503).expectJson("/ret", -1)
                    .expectJson("/message", "not ready: cache, queue, search")
                    .expectJson("/data/failing", List.of("cache", "queue", "search"))
                    .expectJson("/data/checks", Map.of("db", "up", "cache", "down", "queue", "error", "search", "error"));
            assertThat(res.text()).doesNotContain("secret");
        }
    }

    @Test
    void answers503WhenACheckTimesOut() {
        Health health = Health.create().withTimeoutMs(100)
                .withCheck("db", HealthTest::up)
                .withCheck("slow", () -> Promise.<Boolean>defer(Loop.current()).promise());
        try (TestClient client = serve(health)) {
            long start = System.nanoTime();
            client.request("GET", "/health/ready").timeout(Duration.ofSeconds(5)).send().expectStatus(503)
                    .expectJson("/data/failing", List.of("slow")).expectJson("/data/checks/slow", "timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void passesOtherPathsOnAndRefusesOtherMethods() {
        try (TestClient client = serve(Health.create().withPaths("/livez", "/readyz"))) {
            client.get("/livez").expectStatus(200);
            client.get("/health/live").expectStatus(404);
            client.request("POST", "/readyz").send().expectStatus(405).expectHeader("Allow", "GET, HEAD");
        }
    }

    @Test
    void refusesADuplicateCheckName() {
        assertThatThrownBy(() -> Health.create().withCheck("db", HealthTest::up).withCheck("db", HealthTest::up))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"db\" is already registered");
    }
}
