package io.shallot.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.Identify;
import io.shallot.gateway.Rate;
import io.shallot.gateway.TestRedis;
import io.shallot.gateway.limit.LimitSettings.PlanRates;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final Rate THREE_PER_MINUTE = new Rate(3, Duration.ofMinutes(1), 3);
    private static final Rate HUNDRED_PER_MINUTE = new Rate(100, Duration.ofMinutes(1), 100);

    private final TestRedis redis = new TestRedis();
    private TestClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        redis.close();
    }

    private RateLimit start(Map<String, PlanRates> plans, GatewayApp... apps) {
        RateLimit limit = RateLimit.create(redis.redis, LimitSettings.defaults().withPlans(plans));
        Map<String, GatewayApp> byId = new java.util.HashMap<>();
        for (GatewayApp app : apps) {
            byId.put(app.appid(), app);
        }
        client = TestClient.of(new App()
                .use(Identify.apps(byId))
                .use(limit)
                .use((ctx, next) -> {
                    ctx.body("ok");
                    return next.run();
                }));
        return limit;
    }

    private TestResponse call(String app, String path) {
        return client.request("GET", path).header("X-App", app).send();
    }

    private static long seconds(TestResponse response, String header) {
        return Long.parseLong(response.header(header));
    }

    @Test
    void admitsTheBurstWithRateLimitHeadersThenRefusesWith429() {
        start(Map.of("default", PlanRates.of(HUNDRED_PER_MINUTE, THREE_PER_MINUTE, null)), Identify.app("a1", "default"));

        TestResponse first = call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Limit", "3")
                .expectHeader("RateLimit-Remaining", "2");
        assertThat(seconds(first, "RateLimit-Reset")).isBetween(19L, 20L);
        call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Remaining", "1");
        TestResponse third = call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Remaining", "0");
        assertThat(seconds(third, "RateLimit-Reset")).isBetween(59L, 60L);

        TestResponse refused = call("a1", "/contents")
                .expectStatus(429)
                .expectJson("/ret", 42901)
                .expectJson("/message", "rate limit exceeded for this api")
                .expectHeader("RateLimit-Limit", "3")
                .expectHeader("RateLimit-Remaining", "0");
        assertThat(seconds(refused, "Retry-After")).isBetween(19L, 20L);
        assertThat(seconds(refused, "RateLimit-Reset")).isBetween(59L, 60L);

        call("a1", "/users").expectStatus(200).expectHeader("RateLimit-Remaining", "2");
    }

    @Test
    void withoutAnAuthenticatedAppTheRequestFailsAsAPipelineMistake() {
        start(Map.of("default", PlanRates.of(THREE_PER_MINUTE, null, null)));
        call("nobody", "/contents").expectStatus(500);
    }

    @Test
    void theAppLimitHoldsAcrossApis() {
        start(Map.of("default", PlanRates.of(THREE_PER_MINUTE, HUNDRED_PER_MINUTE, null)), Identify.app("a1", "default"));

        call("a1", "/a").expectStatus(200).expectHeader("RateLimit-Remaining", "2");
        call("a1", "/b").expectStatus(200).expectHeader("RateLimit-Remaining", "1");
        call("a1", "/c").expectStatus(200).expectHeader("RateLimit-Remaining", "0");
        call("a1", "/d").expectStatus(429).expectJson("/ret", 42902).expectJson("/message", "rate limit exceeded for this app");
    }

    @Test
    void aRequestRefusedByItsApiLimitIsNotChargedToTheApp() {
        Rate onePerMinute = new Rate(1, Duration.ofMinutes(1), 1);
        Rate tenPerMinute = new Rate(10, Duration.ofMinutes(1), 10);
        start(Map.of("default", PlanRates.of(tenPerMinute, onePerMinute, Map.of("wide", HUNDRED_PER_MINUTE))),
                Identify.app("a1", "default"));

        call("a1", "/narrow").expectStatus(200);
        for (int i = 0; i < 5; i++) {
            call("a1", "/narrow").expectStatus(429).expectJson("/ret", 42901);
        }
        call("a1", "/wide").expectStatus(200).expectHeader("RateLimit-Limit", "10").expectHeader("RateLimit-Remaining", "8");
    }

    @Test
    void limitsLiveUnderThePrefixAndExpireWhenFull() throws Exception {
        Rate tenPerMinute = new Rate(10, Duration.ofMinutes(1), 10);
        start(Map.of("default", PlanRates.of(tenPerMinute, THREE_PER_MINUTE, null)), Identify.app("a1", "default"));

        call("a1", "/contents").expectStatus(200);

        var commands = redis.redis.commands();
        assertThat(commands.keys(redis.prefix + "*").get(5, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder(redis.prefix + "ratelimit:{a1}:api:contents", redis.prefix + "ratelimit:{a1}:app");
        assertThat(commands.pttl(redis.prefix + "ratelimit:{a1}:api:contents").get(5, TimeUnit.SECONDS)).isBetween(1L, 20_000L);
        assertThat(commands.pttl(redis.prefix + "ratelimit:{a1}:app").get(5, TimeUnit.SECONDS)).isBetween(1L, 6_000L);
    }

    @Test
    void aServerThatForgotTheScriptIsSentItAgain() throws Exception {
        start(Map.of("default", PlanRates.of(null, THREE_PER_MINUTE, null)), Identify.app("a1", "default"));
        call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Remaining", "2");

        redis.redis.commands().scriptFlush().get(5, TimeUnit.SECONDS);

        call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Remaining", "1");
        call("a1", "/contents").expectStatus(200).expectHeader("RateLimit-Remaining", "0");
    }

    @Test
    void anUnlimitedPlanAddsNoHeadersAndNoKeys() throws Exception {
        start(Map.of("default", PlanRates.of(THREE_PER_MINUTE, null, null), "unlimited", PlanRates.of(null, null, null)),
                Identify.app("free", "unlimited"));

        for (int i = 0; i < 5; i++) {
            assertThat(call("free", "/contents").expectStatus(200).header("RateLimit-Limit")).isNull();
        }
        assertThat(redis.redis.commands().keys(redis.prefix + "*").get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void anAppWhosePlanIsGoneIsLimitedByTheDefaultPlan() {
        RateLimit limit = start(Map.of("default", PlanRates.of(THREE_PER_MINUTE, null, null),
                "gold", PlanRates.of(HUNDRED_PER_MINUTE, null, null)), Identify.app("lost", "platinum"));

        call("lost", "/contents").expectStatus(200).expectHeader("RateLimit-Limit", "3");
        assertThatThrownBy(() -> limit.plans().require("platinum"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown rate-limit plan 'platinum' (known: default, gold)");
        assertThat(limit.plans().require("gold").app()).isEqualTo(HUNDRED_PER_MINUTE);
    }
}
