package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.StoppableRedis;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis down: authentication answers 503 with Retry-After (clients come back), not 500, and recovers by itself. */
class AuthOutageTest {
    private final StoppableRedis server = new StoppableRedis();
    private final AuthHarness gateway = AuthHarness.on(
            Redis.start(new RedisSettings(server.uri(), "test:authoutage:", Duration.ofMillis(500))),
            AuthHarness.settings().withTokenCacheTtl(Duration.ZERO));

    @AfterEach
    void close() {
        try {
            gateway.close();
        } finally {
            server.close();
        }
    }

    @Test
    void callsAndTokenRequestsAre503WhileRedisIsDownAndWorkAgainWhenItIsBack() {
        String[] app = gateway.appGranted("contents.read");
        String token = gateway.token(app[0], app[1]);
        gateway.call("/v1/contents", token).expectStatus(200);

        String logged;
        try (LogCapture log = new LogCapture()) {
            server.stop();
            gateway.call("/v1/contents", token)
                    .expectStatus(503)
                    .expectHeader("Retry-After", "1")
                    .expectJson("/ret", 50305)
                    .expectJson("/message", "authentication unavailable, retry later");
            gateway.requestToken(app[0], app[1]).expectStatus(503).expectJson("/ret", 50305);
            logged = log.text();
        }
        assertThat(logged).contains("authentication answers 503").doesNotContain(app[1]).doesNotContain(token);

        server.start();
        // the restarted server is empty: the old token is gone, a new one works
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.requestToken(app[0], app[1]).status() == 200);
        gateway.call("/v1/contents", gateway.token(app[0], app[1])).expectStatus(200);
    }
}
