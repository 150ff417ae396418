package io.shallot.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.shallot.gateway.Identify;
import io.shallot.gateway.StoppableRedis;
import io.shallot.gateway.Rate;
import io.shallot.gateway.limit.LimitSettings.FailMode;
import io.shallot.gateway.limit.LimitSettings.PlanRates;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisOutageTest {
    private static final String PREFIX = "test:outage:";
    private static final String API_KEY = PREFIX + "ratelimit:{a1}:api:contents";

    private final StoppableRedis server = new StoppableRedis();
    private final Redis redis = Redis.start(new RedisSettings(server.uri(), PREFIX, Duration.ofMillis(500)));
    private final LogCapture log = new LogCapture(RateLimit.class.getName());
    private RateLimit limit;
    private TestClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        redis.close();
        server.close();
        log.close();
    }

    private void start(FailMode mode) {
        limit = RateLimit.create(redis, LimitSettings.defaults()
                .withFailMode(mode)
                .withTimeout(Duration.ofMillis(200))
                .withProbeInterval(Duration.ofMillis(100))
                .withPlans(Map.of("default", PlanRates.of(null, new Rate(3, Duration.ofMinutes(1), 3), null))));
        client = TestClient.of(new App()
                .use(Identify.apps(Map.of("a1", Identify.app("a1", "default"))))
                .use(limit)
                .use((ctx, next) -> {
                    ctx.body("ok");
                    return next.run();
                }));
    }

    private TestResponse call() {
        return client.request("GET", "/contents").header("X-App", "a1").send();
    }

    private List<String> logged(String level) {
        return log.lines().stream().filter(line -> line.startsWith(level + " ")).toList();
    }

    private void awaitShared() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            call();
            return limit.shared();
        });
    }

    @Test
    void failOpenLimitsEachProcessOnItsOwnWhileRedisIsDownAndSharesAgainWhenItIsBack() throws Exception {
        start(FailMode.OPEN);
        call().expectStatus(200).expectHeader("RateLimit-Remaining", "2");

        server.stop();

        call().expectStatus(200).expectHeader("RateLimit-Remaining", "2");
        assertThat(limit.shared()).isFalse();
        call().expectStatus(200).expectHeader("RateLimit-Remaining", "1");
        call().expectStatus(200).expectHeader("RateLimit-Remaining", "0");
        call().expectStatus(429).expectJson("/ret", 42901).expectHeader("Retry-After", "20");
        assertThat(logged("WARN")).singleElement().asString()
                .contains("Redis at 127.0.0.1:", "is unavailable for rate limits", "each gateway process limits on its own");

        server.start();
        awaitShared();

        assertThat(redis.commands().exists(API_KEY).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(logged("WARN")).hasSize(1);
        assertThat(logged("INFO")).singleElement().asString().contains("answers again");
        assertThat(limit.outages()).isEqualTo(1);
    }

    @Test
    void failClosedRefusesWith503WhileRedisIsDownAndRecoversByItself() {
        start(FailMode.CLOSED);
        call().expectStatus(200);

        server.stop();

        for (int i = 0; i < 3; i++) {
            call().expectStatus(503)
                    .expectJson("/ret", 50304)
                    .expectJson("/message", "rate limiter unavailable, retry later")
                    .expectHeader("Retry-After", "1");
        }
        assertThat(logged("WARN")).singleElement().asString().contains("requests are refused with 503");

        server.start();
        awaitShared();

        call().expectStatus(200);
        assertThat(logged("INFO")).hasSize(1);
    }

    @Test
    void aRedisThatStopsAnsweringCountsAsDownAfterTheTimeout() throws Exception {
        start(FailMode.OPEN);
        call().expectStatus(200).expectHeader("RateLimit-Remaining", "2");
        try (Redis admin = Redis.start(new RedisSettings(server.uri(), PREFIX, Duration.ofSeconds(5)))) {
            // WRITE mode holds every script but lets this connection's CLIENT UNPAUSE through.
            client(admin, "PAUSE", "60000", "WRITE");

            call().expectStatus(200).expectHeader("RateLimit-Remaining", "2");
            assertThat(limit.shared()).isFalse();
            assertThat(logged("WARN")).singleElement().asString().contains("TimeoutException");

            client(admin, "UNPAUSE");
            awaitShared();
        }
        assertThat(limit.outages()).isEqualTo(1);
    }

    private static void client(Redis admin, String... args) throws Exception {
        CommandArgs<String, String> command = new CommandArgs<>(StringCodec.UTF8);
        for (String arg : args) {
            command.add(arg);
        }
        admin.commands().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), command).get(5, TimeUnit.SECONDS);
    }
}
