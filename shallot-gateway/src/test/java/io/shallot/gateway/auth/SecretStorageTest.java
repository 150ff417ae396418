package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.gateway.auth.internal.AppStore;
import io.shallot.gateway.auth.internal.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SecretStorageTest {

    private static Document raw(AuthHarness gateway, String appid) {
        return Mono.from(gateway.mongo.database().getCollection(AppStore.COLLECTION).find(new Document("_id", appid)).first())
                .block(Duration.ofSeconds(10));
    }

    @Test
    void mongoHoldsOnlySealedSecretsThatOpenUnderTheMasterKeyOnlyForTheirOwnAppAndId() {
        try (AuthHarness gateway = new AuthHarness()) {
            JsonNode created = gateway.createApp("{\"name\":\"stored\"}");
            String appid = created.get("client_id").asText();
            String first = created.get("client_secret").asText();
            String second = gateway.admin("POST", "/admin/apps/" + appid + "/secrets").send().json()
                    .at("/data/client_secret").asText();

            Document document = raw(gateway, appid);
            String json = document.toJson();

            assertThat(json).doesNotContain(first).doesNotContain(second);
            List<Document> secrets = document.getList("secrets", Document.class);
            assertThat(secrets).hasSize(2);
            assertThat(secrets).allSatisfy(s -> assertThat(s.getString("sealed")).startsWith("v1:"));
            SecretCipher cipher = new SecretCipher(AuthSettings.masterKeyBytes(AuthHarness.MASTER_KEY));
            List<String> opened = new ArrayList<>();
            for (Document s : secrets) {
                opened.add(cipher.open(s.getString("sealed"), appid, s.getString("id")));
            }
            assertThat(opened).containsExactly(first, second);
            assertThat(document.getString("status")).isEqualTo("ACTIVE");
            assertThat(document.getDate("updatedAt")).isNotNull();
            assertThat(document.get("version", Number.class).longValue()).isEqualTo(1);
        }
    }

    @Test
    void theSameSecretTextSealsDifferentlyEachTime() {
        SecretCipher cipher = new SecretCipher(AuthSettings.masterKeyBytes(AuthHarness.MASTER_KEY));

        assertThat(cipher.seal("same", "app", "sec_1")).isNotEqualTo(cipher.seal("same", "app", "sec_1"));
    }

    @Test
    void secretsTokensAndCredentialsNeverReachTheLogs() {
        List<String> never = new ArrayList<>(List.of(AuthHarness.ADMIN_TOKEN, AuthHarness.MASTER_KEY));
        String captured;
        try (LogCapture logs = new LogCapture(); AuthHarness gateway = new AuthHarness()) {
            JsonNode created = gateway.createApp("{\"name\":\"logged\",\"apis\":[\"orders.write\"],\"signed\":true}");
            String appid = created.get("client_id").asText();
            String secret = created.get("client_secret").asText();
            String token = gateway.token(appid, secret);
            String rotated = gateway.admin("POST", "/admin/apps/" + appid + "/secrets").send().json()
                    .at("/data/client_secret").asText();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            var signed = gateway.client.request("POST", "/v1/orders").header("Authorization", "Bearer " + token).body(body);
            new Signer(rotated).sign("POST", "/v1/orders", body).forEach(signed::header);
            signed.send().expectStatus(200);
            gateway.requestToken(appid, secret + "x").expectStatus(401);
            gateway.requestToken(appid, "").expectStatus(400);
            gateway.call("/v1/orders", token).expectStatus(401);
            gateway.call("/v1/orders", token + "x").expectStatus(401);
            gateway.client.request("GET", "/admin/apps").header("Authorization", "Bearer " + AuthHarness.ADMIN_TOKEN + "x")
                    .send().expectStatus(401);
            never.addAll(List.of(secret, rotated, token));
            captured = logs.text();
        }

        assertThat(captured).contains("token refused: bad credentials for client_id");
        assertThat(captured.lines().count()).isGreaterThan(50);
        for (String value : never) {
            assertThat(captured).doesNotContain(value);
        }
    }
}
