package io.shallot.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.TestRedis;
import io.shallot.gateway.auth.LogCapture;
import io.shallot.loop.Promise;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The middleware between a stand-in route matcher and an endpoint that answers with the user it was given. */
class UserIdentityTest {
    private static final String MISSING = "Bearer realm=\"shallot-users\"";
    private static final byte[] SECRET = TestTokens.secret(32);
    private static final Map<String, UserMode> MODES = Map.of(
            "/none", UserMode.NONE, "/optional", UserMode.OPTIONAL, "/required", UserMode.REQUIRED);

    private final MutableClock clock = new MutableClock(Instant.now());
    private TestClient client = start(UserSettings.of(TestTokens.ISSUER, List.of(TestTokens.hs256("k1", SECRET))));

    private TestClient start(UserSettings settings) {
        return start(UserIdentity.create(settings, clock));
    }

    private TestClient start(UserIdentity identity) {
        App app = new App()
                .use((ctx, next) -> {
                    Exchange.of(ctx).route(ApiRoute.of("api" + ctx.path(), ctx.path(), "up").withUser(MODES.get(ctx.path())));
                    return next.run();
                })
                .use(identity)
                .use((ctx, next) -> {
                    GatewayUser user = Exchange.of(ctx).user();
                    ctx.body(user == null ? "-" : user.id());
                    return Promise.resolve(ctx.loop(), null);
                });
        return TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private String token(String sub) {
        return TestTokens.hs256("k1", SECRET, sub, clock.instant(), c -> c);
    }

    private TestResponse get(String path, String token) {
        return client.request("GET", path).header("X-User-Token", token).send();
    }

    private static void expectRefused(TestResponse response, Refusal refusal) {
        response.expectStatus(401).expectJson("/ret", refusal.ret()).expectJson("/message", refusal.message())
                .expectHeader("WWW-Authenticate", MISSING + ", error=\"invalid_token\", error_description=\""
                        + refusal.message() + "\"");
    }

    @Test
    void aRequiredUserComesFromTheHeaderOrTheParameter() {
        client.get("/required").expectStatus(401).expectJson("/ret", 40109).expectJson("/message", "missing user token")
                .expectHeader("WWW-Authenticate", MISSING);
        get("/required", token("ann")).expectStatus(200).expectBody("ann");
        client.get("/required?user_token=" + token("bob")).expectStatus(200).expectBody("bob");
    }

    @Test
    void anOptionalUserMayBeAbsentButNotBad() {
        client.get("/optional").expectStatus(200).expectBody("-");
        get("/optional", token("ann")).expectStatus(200).expectBody("ann");
        expectRefused(get("/optional", token("ann") + "x"), Refusal.INVALID_USER_TOKEN);
        expectRefused(client.get("/optional?user_token=nope"), Refusal.INVALID_USER_TOKEN);
    }

    @Test
    void aRouteWithoutUsersNeverLooksAtTheToken() {
        get("/none", "garbage").expectStatus(200).expectBody("-");
        get("/none", token("ann")).expectStatus(200).expectBody("-");
    }

    @Test
    void anExpiredTokenSaysSo() {
        String token = token("ann");
        get("/required", token).expectStatus(200);
        clock.advance(Duration.ofMinutes(11));
        expectRefused(get("/required", token), Refusal.EXPIRED_USER_TOKEN);
        expectRefused(get("/optional", TestTokens.hs256("k1", SECRET, "ann", clock.instant(),
                c -> c.expirationTime(Date.from(clock.instant().minusSeconds(60))))), Refusal.EXPIRED_USER_TOKEN);
    }

    @Test
    void aTokenSentTwiceIsRefusedEvenWhenGood() {
        String token = token("ann");
        client.request("GET", "/optional?user_token=" + token).header("X-User-Token", token).send()
                .expectStatus(401).expectJson("/ret", 40110)
                .expectJson("/message", "send the user token once: in the X-User-Token header or the user_token parameter");
        client.get("/required?user_token=" + token + "&user_token=" + token).expectStatus(401).expectJson("/ret", 40110);
        client.request("GET", "/required").header("X-User-Token", token).header("x-user-token", token).send()
                .expectStatus(401).expectJson("/ret", 40110);
    }

    @Test
    void theConfiguredHeaderCarriesTheToken() {
        client.close();
        client = start(UserSettings.of(TestTokens.ISSUER, List.of(TestTokens.hs256("k1", SECRET))).withHeader("X-Login"));
        client.request("GET", "/required").header("X-Login", token("ann")).send().expectStatus(200).expectBody("ann");
        get("/required", token("ann")).expectStatus(401).expectJson("/ret", 40109);
    }

    @Test
    void aRevokedUsersTokenIsRefusedEvenOnceVerifiedAndNotAnotherUsers() {
        UserSettings settings = UserSettings.of(TestTokens.ISSUER, List.of(TestTokens.hs256("k1", SECRET)));
        try (TestRedis redis = new TestRedis(); UserRevocations revocations = UserRevocations.start(redis.redis, settings, clock)) {
            client.close();
            client = start(UserIdentity.create(settings, clock, revocations));
            String ann = token("ann");
            get("/required", ann).expectStatus(200).expectBody("ann");
            String withoutIat = TestTokens.hs256("k1", SECRET, "ann", clock.instant(), c -> c.issueTime(null));
            get("/optional", withoutIat).expectStatus(200).expectBody("ann");

            clock.advance(Duration.ofSeconds(5));
            OnLoop.run(loop -> revocations.revoke("ann", null));

            expectRefused(get("/required", ann), Refusal.REVOKED_USER_TOKEN);
            expectRefused(get("/optional", withoutIat), Refusal.REVOKED_USER_TOKEN);
            get("/required", token("bob")).expectStatus(200).expectBody("bob");
            clock.advance(Duration.ofSeconds(1));
            get("/required", token("ann")).expectStatus(200).expectBody("ann");
            get("/none", ann).expectStatus(200).expectBody("-");
        }
    }

    @Test
    void theClientLearnsNothingMoreAndTheLogSaysWhyWithoutTheToken() {
        String otherIssuer = TestTokens.hs256("k1", SECRET, "ann", clock.instant(), c -> c.issuer("https://evil.test"));
        String text;
        try (LogCapture log = new LogCapture()) {
            TestResponse response = get("/required", otherIssuer);
            expectRefused(response, Refusal.INVALID_USER_TOKEN);
            assertThat(response.text()).doesNotContain(otherIssuer).doesNotContain("iss");
            text = log.text();
        }
        assertThat(text).contains("DEBUG").contains("user token refused on api/required: iss is not https://login.test")
                .doesNotContain(otherIssuer).doesNotContain(otherIssuer.split("\\.")[2]);
    }
}
