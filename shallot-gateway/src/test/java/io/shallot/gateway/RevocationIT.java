package io.shallot.gateway;

import static io.shallot.gateway.UserGateway.json;
import static io.shallot.gateway.UserGateway.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Revoking end users through the admin API of a whole gateway, over real sockets. */
class RevocationIT {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final Duration KEPT = Duration.ofHours(24).plusSeconds(30);

    private static Mongo mongo;
    private static TestRedis redis;
    private static UserGateway gateway;
    private static String app;

    @BeforeAll
    static void start() {
        mongo = Mongo.start(MongoSettings.defaults());
        redis = new TestRedis();
        gateway = new UserGateway(mongo, redis.redis);
        app = gateway.appToken("revoking-app");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
        mongo.close();
    }

    private static JsonNode revoke(String sub, String body) {
        HttpResponse<String> response = gateway.admin("PUT", "/admin/users/" + sub + "/revocation", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("data");
    }

    @Test
    void aRevokedUsersTokensAreRefusedBeforeTheUpstreamUntilTheRevocationIsLifted() throws Exception {
        Instant issued = Instant.now().minusSeconds(10);
        String old = user("ann", issued);
        String withoutIat = user("ann", issued, c -> c.issueTime(null));
        String bobs = user("bob", issued);
        assertThat(gateway.ret(app, old)).isZero();
        assertThat(gateway.ret(app, withoutIat)).isZero();

        Instant asked = Instant.now();
        JsonNode revoked = revoke("ann", "{}");

        Instant before = Instant.parse(revoked.get("before").asText());
        assertThat(revoked.get("sub").asText()).isEqualTo("ann");
        assertThat(before).isBetween(asked.minusSeconds(1), Instant.now());
        assertThat(Instant.parse(revoked.get("expiresAt").asText())).isEqualTo(before.plus(KEPT));
        await().atMost(WITHIN).until(() -> gateway.ret(app, old) == 40112);
        int calls = gateway.upstreamCalls.get();
        HttpResponse<String> refused = gateway.call(app, old);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("message").asText()).isEqualTo("user token revoked: sign in again");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"shallot-users\","
                + " error=\"invalid_token\", error_description=\"user token revoked: sign in again\"");
        assertThat(gateway.ret(app, withoutIat)).isEqualTo(40112);
        assertThat(gateway.upstreamCalls.get()).isEqualTo(calls);
        // iat has whole seconds: a token issued in the second after before is the first one good again
        HttpResponse<String> signedInAgain = gateway.call(app, user("ann", before.plusSeconds(1)));
        assertThat(signedInAgain.statusCode()).as(signedInAgain.body()).isEqualTo(200);
        assertThat(json(signedInAgain).get("users").get(0).asText()).isEqualTo("ann");
        assertThat(gateway.ret(app, bobs)).isZero();
        long ttl = redis.redis.commands().pttl(redis.redis.key("gateway:users:revoked:ann")).get(5, TimeUnit.SECONDS);
        assertThat(ttl).isCloseTo(Duration.between(Instant.now(), before.plus(KEPT)).toMillis(), within(5_000L));
        assertThat(json(gateway.admin("GET", "/admin/users/ann/revocation", null)).get("data")).isEqualTo(revoked);
        assertThat(gateway.send("GET", "/metrics", null, null).body()).containsPattern(
                "gateway_requests_seconds_count\\{.*api=\"users.messages\".*app=\"revoking-app\".*outcome=\"unauthenticated\"");

        assertThat(gateway.admin("DELETE", "/admin/users/ann/revocation", null).statusCode()).isEqualTo(204);

        await().atMost(WITHIN).until(() -> gateway.ret(app, old) == 0);
        assertThat(gateway.ret(app, withoutIat)).isZero();
        assertThat(gateway.admin("GET", "/admin/users/ann/revocation", null).statusCode()).isEqualTo(404);
        assertThat(redis.redis.commands().exists(redis.redis.key("gateway:users:revoked:ann")).get(5, TimeUnit.SECONDS))
                .isZero();
    }

    @Test
    void aBeforeInTheFutureBlocksTheTokensIssuedUntilThen() throws Exception {
        Instant until = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode revoked = revoke("cy", "{\"before\":\"" + until + "\"}");

        assertThat(revoked.get("before").asText()).isEqualTo(until.toString());
        assertThat(revoked.get("expiresAt").asText()).isEqualTo(until.plus(KEPT).toString());
        await().atMost(WITHIN).until(() -> gateway.ret(app, user("cy", Instant.now())) == 40112);
        long ttl = redis.redis.commands().pttl(redis.redis.key("gateway:users:revoked:cy")).get(5, TimeUnit.SECONDS);
        assertThat(ttl).isCloseTo(Duration.between(Instant.now(), until.plus(KEPT)).toMillis(), within(5_000L));
    }
}
