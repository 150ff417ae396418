package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.client.HttpClientException.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ResponseTimeoutTest {
    private final JdkServer server = new JdkServer()
            .route("/sleep", exchange -> {
                JdkServer.sleep(10_000);
                JdkServer.respond(exchange, 200, "late");
            })
            .route("/fast", exchange -> JdkServer.respond(exchange, 200, "fast"));

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aHandlerThatSleepsPastTheResponseTimeoutFailsTheCall() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withResponseTimeout(Duration.ofMillis(1000)));
        try {
            long start = System.nanoTime();
            Throwable error = OnLoop.failure(loop -> client.get(server.url("/sleep")));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.RESPONSE_TIMEOUT);
            assertThat(error).hasMessageContaining("GET " + server.url("/sleep"))
                    .hasMessageContaining("timed out after 1000 ms waiting for the response");
            assertThat(tookMs).isBetween(900L, 8000L);
        } finally {
            client.close();
        }
    }

    @Test
    void aPerRequestTimeoutOverridesTheClientDefault() {
        HttpClient client = HttpClient.create();
        try {
            Throwable error = OnLoop.failure(loop ->
                    client.send(ClientRequest.get(server.url("/sleep")).timeout(Duration.ofMillis(100))));

            assertThat(error).hasMessageContaining("timed out after 100 ms");
        } finally {
            client.close();
        }
    }

    @Test
    void theConnectionOfATimedOutRequestIsNotReused() {
        HttpClient client = HttpClient.create();
        try {
            String body = OnLoop.run(loop -> client.send(ClientRequest.get(server.url("/sleep")).timeout(Duration.ofMillis(100)))
                    .recoverWith(timedOut -> client.get(server.url("/fast")))
                    .then(ClientResponse::text));

            assertThat(body).isEqualTo("fast");
            assertThat(server.connections()).isEqualTo(2);
        } finally {
            client.close();
        }
    }
}
