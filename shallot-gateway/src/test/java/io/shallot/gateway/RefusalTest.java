package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RefusalTest {
    @Test
    void everyRefusalHasItsOwnRetCodeMatchingItsStatus() {
        assertThat(Arrays.stream(Refusal.values()).map(Refusal::ret).collect(Collectors.toSet()))
                .hasSize(Refusal.values().length);
        for (Refusal refusal : Refusal.values()) {
            assertThat(refusal.ret() / 100).as(refusal.name()).isEqualTo(refusal.status());
        }
    }

    @Test
    void aRefusalReachesTheClientAsTheEnvelopeWithItsHeadersEvenFor5xx() {
        App app = new App().use((ctx, next) -> {
            throw Refusal.SHED.exception(Map.of("Retry-After", "2"));
        });
        try (TestClient client = TestClient.of(app)) {
            client.get("/anything")
                    .expectStatus(503)
                    .expectHeader("Retry-After", "2")
                    .expectJson("/ret", 50301)
                    .expectJson("/message", "service overloaded, retry later")
                    .expectJson("/data", Map.of());
        }
    }

    @Test
    void aRejectedPromiseWithARefusalIsAnsweredTheSameWay() {
        App app = new App().use((ctx, next) -> Promise.reject(Refusal.API_NOT_GRANTED.exception()));
        try (TestClient client = TestClient.of(app)) {
            client.get("/x").expectStatus(403).expectJson("/ret", 40302).expectJson("/message", "api not granted to this app");
        }
    }
}
