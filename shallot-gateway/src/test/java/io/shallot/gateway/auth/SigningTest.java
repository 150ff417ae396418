package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestRequest;
import io.shallot.web.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningTest {
    private static final byte[] BODY = "{\"item\":42}".getBytes(StandardCharsets.UTF_8);
    private static AuthHarness gateway;
    private static String appid;
    private static String secret;
    private static String token;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
        JsonNode created = gateway.createApp("{\"name\":\"signing app\",\"apis\":[\"orders.write\"],\"signed\":true}");
        appid = created.get("client_id").asText();
        secret = created.get("client_secret").asText();
        token = gateway.token(appid, secret);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static TestResponse send(String target, byte[] body, Map<String, String> signature) {
        TestRequest request = gateway.client.request("POST", target).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").body(body);
        signature.forEach(request::header);
        return request.send();
    }

    private static Map<String, String> sign(String target, byte[] body) {
        return new Signer(secret).sign("POST", target, body);
    }

    @Test
    void acceptsACorrectlySignedRequest() {
        send("/v1/orders?b=2&a=1", BODY, sign("/v1/orders?b=2&a=1", BODY)).expectStatus(200)
                .expectJson("/data/appid", appid).expectJson("/data/bodyLength", BODY.length);
    }

    @Test
    void refusesATamperedBody() {
        byte[] tampered = "{\"item\":43}".getBytes(StandardCharsets.UTF_8);

        send("/v1/orders", tampered, sign("/v1/orders", BODY)).expectStatus(401).expectJson("/ret", 40105)
                .expectJson("/message", "invalid request signature")
                .expectHeader("WWW-Authenticate", "Bearer realm=\"shallot\", error=\"invalid_request\","
                        + " error_description=\"invalid request signature\"");
    }

    @Test
    void refusesATamperedQueryButNotAReorderedOne() {
        Map<String, String> signature = sign("/v1/orders?a=1&b=x%20y", BODY);

        send("/v1/orders?b=x+y&a=1", BODY, signature).expectStatus(200);
        send("/v1/orders?a=1&b=x%20z", BODY, sign("/v1/orders?a=1&b=x%20y", BODY)).expectStatus(401)
                .expectJson("/ret", 40105);
        send("/v1/orders/2?a=1&b=x%20y", BODY, sign("/v1/orders?a=1&b=x%20y", BODY)).expectStatus(401)
                .expectJson("/ret", 40105);
    }

    @Test
    void refusesAStaleOrFarFutureTimestamp() {
        long now = Instant.now().getEpochSecond();
        Signer signer = new Signer(secret);

        send("/v1/orders", BODY, signer.sign("POST", "/v1/orders", BODY, now - 330, "stale-nonce-00001")).expectStatus(401)
                .expectJson("/ret", 40106)
                .expectJson("/message", "signature timestamp outside the allowed window of 300 s");
        send("/v1/orders", BODY, signer.sign("POST", "/v1/orders", BODY, now + 330, "stale-nonce-00002")).expectStatus(401)
                .expectJson("/ret", 40106);
        send("/v1/orders", BODY, signer.sign("POST", "/v1/orders", BODY, now - 200, "stale-nonce-00003")).expectStatus(200);
    }

    @Test
    void refusesAReplayedNonceAndRemembersItForTheWindow() throws Exception {
        Map<String, String> signature = sign("/v1/orders", BODY);

        send("/v1/orders", BODY, signature).expectStatus(200);
        send("/v1/orders", BODY, signature).expectStatus(401).expectJson("/ret", 40107)
                .expectJson("/message", "nonce already used");

        String key = gateway.redis.key("gateway:nonce:" + appid + ":" + signature.get(Signer.NONCE));
        long ttl = gateway.redis.commands().pttl(key).get(5, TimeUnit.SECONDS);
        assertThat(ttl).isBetween(295_000L, 302_000L);
    }

    @Test
    void aRefusedSignatureDoesNotUseUpItsNonce() {
        Map<String, String> signature = sign("/v1/orders", BODY);

        send("/v1/orders", "{}".getBytes(StandardCharsets.UTF_8), signature).expectStatus(401).expectJson("/ret", 40105);
        send("/v1/orders", BODY, signature).expectStatus(200);
    }

    @Test
    void refusesMissingOrMalformedSignatureHeaders() {
        send("/v1/orders", BODY, Map.of()).expectStatus(401).expectJson("/ret", 40105).expectJson("/message",
                "this app signs its requests: X-Shallot-Timestamp, X-Shallot-Nonce and X-Shallot-Signature are required");
        Map<String, String> signature = new HashMap<>(sign("/v1/orders", BODY));
        signature.put(Signer.NONCE, "short");
        send("/v1/orders", BODY, signature).expectStatus(401).expectJson("/ret", 40105);
        signature = new HashMap<>(sign("/v1/orders", BODY));
        signature.put(Signer.SIGNATURE, signature.get(Signer.SIGNATURE).toUpperCase(Locale.ROOT));
        send("/v1/orders", BODY, signature).expectStatus(401).expectJson("/ret", 40105);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecretButAcceptsOneFromASecretInItsGrace() {
        send("/v1/orders", BODY, new Signer(secret + "x").sign("POST", "/v1/orders", BODY)).expectStatus(401)
                .expectJson("/ret", 40105);
        JsonNode created = gateway.createApp("{\"name\":\"rotating signer\",\"apis\":[\"orders.write\"],\"signed\":true}");
        String rotatingId = created.get("client_id").asText();
        String oldSecret = created.get("client_secret").asText();
        String newSecret = gateway.admin("POST", "/admin/apps/" + rotatingId + "/secrets").send().expectStatus(201).json()
                .at("/data/client_secret").asText();
        String rotatingToken = gateway.token(rotatingId, newSecret);

        for (String signingSecret : new String[] {oldSecret, newSecret}) {
            TestRequest request = gateway.client.request("POST", "/v1/orders")
                    .header("Authorization", "Bearer " + rotatingToken).body(BODY);
            new Signer(signingSecret).sign("POST", "/v1/orders", BODY).forEach(request::header);
            request.send().expectStatus(200).expectJson("/data/appid", rotatingId);
        }
    }

    @Test
    void anUnsignedAppNeedsNoSignature() {
        String[] plain = gateway.appGranted("orders.write");

        gateway.call("/v1/orders", gateway.token(plain[0], plain[1])).expectStatus(200);
    }
}
