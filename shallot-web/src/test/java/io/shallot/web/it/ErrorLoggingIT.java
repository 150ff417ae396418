package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.web.App;
import io.shallot.web.middleware.LogCapture;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A store down fails every request: each is a 500 to its client, but the log gets a burst of stack
 * traces and then one a second, each saying how many it stands for, not one per request.
 */
class ErrorLoggingIT {
    private static final int REQUESTS = 60;

    @Test
    void anOutageLogsABurstOfStackTracesThenCountsTheRest() {
        Router router = Router.create().get("/down", ctx -> {
            throw new IllegalStateException("the store is down");
        });
        try (LogCapture log = new LogCapture("io.shallot.web.errors");
             TestClient client = TestClient.of(new App().use(router.routes()))) {
            for (int i = 0; i < REQUESTS; i++) {
                client.get("/down").expectStatus(500).expectJson("/message", "server error");
            }
            int logged = log.events().size();
            assertThat(logged).isGreaterThanOrEqualTo(10).isLessThan(REQUESTS);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                client.get("/down").expectStatus(500);
                return log.events().stream().anyMatch(event -> event.contains("server errors before it were not logged"));
            });
        }
    }
}
