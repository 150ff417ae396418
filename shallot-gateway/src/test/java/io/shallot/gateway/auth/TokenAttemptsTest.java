package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guessing secrets at the token endpoint: a few wrong tries per client_id and address, then 429. */
class TokenAttemptsTest {
    private static final int ALLOWED_FAILURES = 3;
    private static AuthHarness gateway;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness(AuthHarness.settings().withTokenFailures(ALLOWED_FAILURES, Duration.ofMinutes(1)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void afterTooManyWrongSecretsEvenTheRightOneWaitsForTheWindowToEnd() {
        String[] app = gateway.appGranted("contents.read");
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            gateway.requestToken(app[0], "wrong-" + i).expectStatus(401).expectJson("/ret", 40104);
        }

        TestResponse locked = gateway.requestToken(app[0], app[1])
                .expectStatus(429)
                .expectJson("/ret", 42903)
                .expectJson("/message", "too many failed token requests, retry later");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(locked.text()).doesNotContain(app[1]);
    }

    @Test
    void anotherClientIdIsNotLockedBySomeoneElsesGuesses() {
        String[] guessed = gateway.appGranted("contents.read");
        String[] other = gateway.appGranted("contents.read");
        for (int i = 0; i <= ALLOWED_FAILURES; i++) {
            gateway.requestToken(guessed[0], "wrong-" + i);
        }
        gateway.requestToken(guessed[0], guessed[1]).expectStatus(429);

        gateway.requestToken(other[0], other[1]).expectStatus(200);
    }

    @Test
    void unknownClientIdsAreCountedLikeKnownOnes() {
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            gateway.requestToken("app_neverexisted", "wrong").expectStatus(401);
        }
        gateway.requestToken("app_neverexisted", "wrong").expectStatus(429).expectJson("/ret", 42903);
    }

    @Test
    void aSuccessClearsTheCount() {
        String[] app = gateway.appGranted("contents.read");
        for (int i = 0; i < ALLOWED_FAILURES - 1; i++) {
            gateway.requestToken(app[0], "wrong").expectStatus(401);
        }
        gateway.requestToken(app[0], app[1]).expectStatus(200);

        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            gateway.requestToken(app[0], "wrong").expectStatus(401);
        }
        gateway.requestToken(app[0], "wrong").expectStatus(429);
    }
}
