package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.auth.internal.Secrets;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticateTest {
    private static final String BARE = "Bearer realm=\"shallot\"";
    private static AuthHarness gateway;
    private static String appid;
    private static String secret;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
        String[] app = gateway.appGranted("contents.read");
        appid = app[0];
        secret = app[1];
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aTokenInTheHeaderOrTheQueryAuthenticatesItsApp() {
        String token = gateway.token(appid, secret);

        gateway.call("/v1/contents", token).expectStatus(200).expectJson("/data/appid", appid)
                .expectJson("/data/api", "contents.read");
        gateway.client.get("/v1/contents?access_token=" + token).expectStatus(200).expectJson("/data/appid", appid);
        gateway.client.request("GET", "/v1/contents").header("Authorization", "bearer  " + token).send()
                .expectStatus(200);
    }

    @Test
    void refusesACallWithoutToken() {
        gateway.client.get("/v1/contents").expectStatus(401).expectJson("/ret", 40101)
                .expectJson("/message", "missing access token").expectHeader("WWW-Authenticate", BARE);
        gateway.client.request("GET", "/v1/contents").header("Authorization", "Basic YTpi").send()
                .expectStatus(401).expectJson("/ret", 40101).expectHeader("WWW-Authenticate", BARE);
    }

    @Test
    void refusesAnUnknownOrMalformedToken() {
        for (String token : List.of(Secrets.random(), "short", Secrets.random() + "x")) {
            TestResponse response = gateway.call("/v1/contents", token);
            response.expectStatus(401).expectJson("/ret", 40102).expectJson("/message", "invalid access token")
                    .expectHeader("WWW-Authenticate",
                            BARE + ", error=\"invalid_token\", error_description=\"invalid access token\"");
        }
    }

    @Test
    void refusesATokenSentTwice() {
        String token = gateway.token(appid, secret);

        gateway.client.request("GET", "/v1/contents?access_token=" + token).header("Authorization", "Bearer " + token)
                .send().expectStatus(401).expectJson("/ret", 40102);
        gateway.client.get("/v1/contents?access_token=" + token + "&access_token=" + token).expectStatus(401)
                .expectJson("/ret", 40102);
    }

    @Test
    void anExpiredTokenSaysSoUntilItsMarkerIsGoneThenItIsInvalid() {
        AuthSettings shortLived = AuthHarness.settings().withTokenTtl(Duration.ofSeconds(1))
                .withExpiredMarkerGrace(Duration.ofSeconds(2)).withTokenCacheTtl(Duration.ofSeconds(30));
        try (AuthHarness other = new AuthHarness(shortLived)) {
            String[] app = other.appGranted("contents.read");
            String token = other.token(app[0], app[1]);
            other.call("/v1/contents", token).expectStatus(200);

            Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> other.call("/v1/contents", token).status() == 401);
            other.call("/v1/contents", token).expectJson("/ret", 40103).expectJson("/message", "access token expired")
                    .expectHeader("WWW-Authenticate",
                            BARE + ", error=\"invalid_token\", error_description=\"access token expired\"");
            Awaitility.await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> other.call("/v1/contents", token).json().get("ret").asInt() == 40102);
        }
    }

    @Test
    void theTokenTtlIsKeptInRedisWithTheMarkerGrace() throws Exception {
        String token = gateway.token(appid, secret);
        String key = gateway.redis.key("gateway:token:" + Secrets.sha256Hex(token));

        long ttl = gateway.redis.commands().pttl(key).get(5, TimeUnit.SECONDS);
        String value = gateway.redis.commands().get(key).get(5, TimeUnit.SECONDS);

        assertThat(ttl).isBetween(Duration.ofHours(3).minusMinutes(1).toMillis(), Duration.ofHours(3).toMillis());
        assertThat(value).endsWith(" " + appid).doesNotContain(token);
        assertThat(gateway.redis.commands().keys(gateway.redis.key("*" + token + "*")).get(5, TimeUnit.SECONDS)).isEmpty();
    }
}
