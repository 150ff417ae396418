package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RotationTest {
    private static AuthHarness gateway;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void oldAndNewSecretsBothWorkDuringTheGraceThenOnlyTheNewOne() {
        String[] app = gateway.appGranted("contents.read");
        String oldToken = gateway.token(app[0], app[1]);

        JsonNode rotated = gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").body("{\"graceSeconds\":2}").send()
                .expectStatus(201).json().get("data");
        String newSecret = rotated.get("client_secret").asText();

        assertThat(newSecret).isNotEqualTo(app[1]);
        assertThat(rotated.at("/app/secrets")).hasSize(2);
        assertThat(Instant.parse(rotated.at("/app/secrets/0/expiresAt").asText()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(3));
        assertThat(rotated.at("/app/secrets/1/id").asText()).isEqualTo(rotated.get("secret_id").asText());
        gateway.token(app[0], app[1]);
        String newToken = gateway.token(app[0], newSecret);
        gateway.call("/v1/contents", oldToken).expectStatus(200);

        Awaitility.await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.requestToken(app[0], app[1]).status() == 401);
        gateway.requestToken(app[0], app[1]).expectJson("/ret", 40104);
        gateway.call("/v1/contents", oldToken).expectStatus(401).expectJson("/ret", 40102);
        gateway.call("/v1/contents", newToken).expectStatus(200);
        gateway.admin("GET", "/admin/apps/" + app[0]).send().expectStatus(200)
                .expectJson("/data/secrets/0/id", rotated.get("secret_id").asText());
    }

    @Test
    void theDefaultGraceIsTheConfiguredOne() {
        String[] app = gateway.appGranted("contents.read");

        JsonNode rotated = gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").send().expectStatus(201).json()
                .get("data");

        Instant expires = Instant.parse(rotated.at("/app/secrets/0/expiresAt").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(24)));
        gateway.token(app[0], app[1]);
    }

    @Test
    void aRevokedSecretAndItsTokensStopWorkingAtOnce() {
        String[] app = gateway.appGranted("contents.read");
        JsonNode rotated = gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").body("{\"graceSeconds\":3600}")
                .send().expectStatus(201).json().get("data");
        String oldId = rotated.at("/app/secrets/0/id").asText();
        String oldToken = gateway.token(app[0], app[1]);
        String newToken = gateway.token(app[0], rotated.get("client_secret").asText());

        gateway.admin("DELETE", "/admin/apps/" + app[0] + "/secrets/" + oldId).send().expectStatus(200)
                .expectJson("/data/secrets/0/id", rotated.get("secret_id").asText());

        gateway.requestToken(app[0], app[1]).expectStatus(401).expectJson("/ret", 40104);
        gateway.call("/v1/contents", oldToken).expectStatus(401).expectJson("/ret", 40102)
                .expectJson("/message", "access token no longer valid: its app or client secret was removed");
        gateway.call("/v1/contents", newToken).expectStatus(200);
        gateway.admin("DELETE", "/admin/apps/" + app[0] + "/secrets/" + oldId).send().expectStatus(404)
                .expectJson("/ret", 40400);
    }

    @Test
    void aRotationWithNoGraceEndsTheOldSecretNow() {
        String[] app = gateway.appGranted("contents.read");

        String newSecret = gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").body("{\"graceSeconds\":0}").send()
                .expectStatus(201).json().at("/data/client_secret").asText();

        gateway.requestToken(app[0], app[1]).expectStatus(401);
        gateway.token(app[0], newSecret);
    }

    @Test
    void anAppHoldsAtMostTenWorkingSecrets() {
        String[] app = gateway.appGranted("contents.read");
        for (int i = 1; i < AppService.MAX_SECRETS; i++) {
            gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").send().expectStatus(201);
        }

        gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").send().expectStatus(409).expectJson("/ret", 40900);
        gateway.admin("POST", "/admin/apps/" + app[0] + "/secrets").body("{\"graceSeconds\":0}").send().expectStatus(201)
                .expectJson("/data/app/secrets", gateway.admin("GET", "/admin/apps/" + app[0]).send().json()
                        .at("/data/secrets"));
    }
}
