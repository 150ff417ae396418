package io.shallot.gateway;

import static io.shallot.gateway.UserGateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.user.UserSettings;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the admin API refuses about revocations, and how, on a whole gateway. */
class RevocationAdminTest {
    private static final String PATH = "/admin/users/%s/revocation";
    private static final String SUB_RULE = "sub must be 1 to 128 visible ASCII characters, as a user token's sub";
    private static final List<String> METHODS = List.of("PUT", "GET", "DELETE");

    private static Mongo mongo;
    private static TestRedis redis;
    private static UserGateway gateway;

    @BeforeAll
    static void start() {
        mongo = Mongo.start(MongoSettings.defaults());
        redis = new TestRedis();
        gateway = new UserGateway(mongo, redis.redis);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
        mongo.close();
    }

    private static String path(String sub) {
        return PATH.formatted(sub);
    }

    private static void expect(HttpResponse<String> response, int status, int ret, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("ret").asInt()).isEqualTo(ret);
        if (message != null) {
            assertThat(json(response).get("message").asText()).isEqualTo(message);
        }
    }

    private static void expectInvalid(HttpResponse<String> response, String message) {
        expect(response, 400, 40000, message);
    }

    private static List<String> storedRevocations() throws Exception {
        return redis.redis.commands().keys(redis.redis.key("gateway:users:revoked:*")).get(5, TimeUnit.SECONDS);
    }

    private static boolean stored(String sub) throws Exception {
        return redis.redis.commands().exists(redis.redis.key("gateway:users:revoked:" + sub)).get(5, TimeUnit.SECONDS) == 1;
    }

    @Test
    void refusesEveryCallWithoutTheAdminCredential() throws Exception {
        String[] wrong = {"a-wrong-token", "Bearer " + UserGateway.ADMIN + "x", "Basic " + UserGateway.ADMIN, null};
        for (String method : METHODS) {
            for (String authorization : wrong) {
                HttpResponse<String> response = gateway.send(method, path("eve"), authorization, method.equals("PUT") ? "{}" : null);
                expect(response, 401, 40108, "invalid admin credential");
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"shallot-admin\"");
            }
        }
        String appToken = gateway.appToken("not-an-operator");
        expect(gateway.send("PUT", path("eve"), "Bearer " + appToken, "{}"), 401, 40108, null);
        assertThat(stored("eve")).isFalse();
    }

    @Test
    void refusesAMalformedSubOnceDecodedAndChangesNothing() throws Exception {
        List<String> before = storedRevocations();
        for (String sub : List.of("a%20b", "%C3%A9", "x".repeat(129), "tab%09", "%7F")) {
            for (String method : METHODS) {
                expectInvalid(gateway.admin(method, path(sub), method.equals("PUT") ? "{}" : null), SUB_RULE);
            }
        }
        assertThat(storedRevocations()).isEqualTo(before);
    }

    @Test
    void refusesABadBodyNamingTheFieldAndChangesNothing() throws Exception {
        Instant now = Instant.now();
        expectInvalid(put("{\"until\":\"2030-01-15T09:00:00Z\"}"), "unknown field 'until' (allowed: before)");
        expectInvalid(put("[]"), "the body must be a JSON object");
        expect(put("{\"before\":"), 400, 40000, null);
        expectInvalid(put("{\"before\":5}"), "before must be a string, got the number 5");
        expectInvalid(put("{\"before\":null}"), "before must be a string, got null");
        expectInvalid(put("{\"before\":\"tomorrow\"}"), "before must be an ISO-8601 instant, e.g. 2030-01-15T09:00:00Z");
        expectInvalid(put("{\"before\":\"2030-01-15 09:00\"}"), "before must be an ISO-8601 instant, e.g. 2030-01-15T09:00:00Z");
        HttpResponse<String> tooLate = put("{\"before\":\"" + now.plus(Duration.ofHours(24)).plusSeconds(60) + "\"}");
        expect(tooLate, 400, 40000, null);
        assertThat(json(tooLate).get("message").asText()).startsWith("before must be at most maxTokenLifetime (PT24H) from now");
        HttpResponse<String> tooEarly = put("{\"before\":\"" + now.minus(Duration.ofHours(25)) + "\"}");
        expect(tooEarly, 400, 40000, null);
        assertThat(json(tooEarly).get("message").asText())
                .startsWith("before must be later than now minus maxTokenLifetime and clockSkew");
        assertThat(stored("fay")).isFalse();
        expect(gateway.admin("GET", path("fay"), null), 404, 40400, "no revocation in force for user fay");
    }

    @Test
    void aSubIsTakenPercentDecodedAndATimeWithAnOffsetIsAnInstant() throws Exception {
        Instant before = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String inShanghai = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(before.atOffset(ZoneOffset.ofHours(8)));
        HttpResponse<String> revoked = gateway.admin("PUT", path("tenant%2Fann%3F"), "{\"before\":\"" + inShanghai + "\"}");
        HttpResponse<String> now = gateway.admin("PUT", path("%41nn"), null);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).at("/data/sub").asText()).isEqualTo("tenant/ann?");
        assertThat(inShanghai).endsWith("+08:00");
        assertThat(json(revoked).at("/data/before").asText()).isEqualTo(before.toString());
        assertThat(json(now).at("/data/sub").asText()).isEqualTo("Ann");
        assertThat(stored("tenant/ann?")).isTrue();
        assertThat(stored("Ann")).isTrue();
        assertThat(json(gateway.admin("GET", path("tenant%2Fann%3F"), null)).get("data"))
                .isEqualTo(json(revoked).get("data"));
        assertThat(gateway.admin("DELETE", path("tenant%2Fann%3F"), null).statusCode()).isEqualTo(204);
        assertThat(gateway.admin("DELETE", path("Ann"), null).statusCode()).isEqualTo(204);
        expect(gateway.admin("DELETE", path("Ann"), null), 404, 40400, "no revocation in force for user Ann");
        assertThat(stored("tenant/ann?")).isFalse();
        assertThat(stored("Ann")).isFalse();
    }

    @Test
    void everyCallIs409WhileUserTokensAreOff() {
        try (TestRedis own = new TestRedis(); UserGateway off = new UserGateway(mongo, own.redis, UserSettings.disabled())) {
            for (String method : METHODS) {
                expect(off.admin(method, path("ann"), method.equals("PUT") ? "{}" : null), 409, 40900,
                        "user tokens are off (gateway.users has no keys), so there are no user tokens to revoke");
                expect(off.send(method, path("ann"), null, null), 401, 40108, null);
            }
        }
    }

    @Test
    void everyCallIs503WithRetryAfterWhileRedisIsDownAndWorksWhenItIsBack() {
        try (StoppableRedis server = new StoppableRedis()) {
            Redis own = Redis.start(new RedisSettings(server.uri(), "test:revocation-outage:", Duration.ofMillis(500)));
            try (UserGateway outage = new UserGateway(mongo, own)) {
                server.stop();
                for (String method : METHODS) {
                    HttpResponse<String> response = outage.admin(method, path("ann"), method.equals("PUT") ? "{}" : null);
                    expect(response, 503, 50305, "authentication unavailable, retry later");
                    assertThat(response.headers().firstValue("Retry-After")).contains("1");
                }

                server.start();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> outage.admin("PUT", path("ann"), "{}").statusCode() == 200);
                assertThat(outage.admin("GET", path("ann"), null).statusCode()).isEqualTo(200);
            } finally {
                own.close();
            }
        }
    }

    private static HttpResponse<String> put(String body) {
        return gateway.admin("PUT", path("fay"), body);
    }
}
