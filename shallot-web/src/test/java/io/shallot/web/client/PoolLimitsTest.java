package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.loop.Settled;
import io.shallot.web.client.HttpClientException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PoolLimitsTest {
    /** Holds each request until three are in the server at once (or 10 s pass), whatever the machine's speed. */
    private final CountDownLatch threeTogether = new CountDownLatch(3);
    private final JdkServer server = new JdkServer()
            .route("/together", exchange -> {
                threeTogether.countDown();
                try {
                    threeTogether.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                JdkServer.respond(exchange, 200, "done");
            })
            .route("/slow", exchange -> {
                JdkServer.sleep(50);
                JdkServer.respond(exchange, 200, "done");
            })
            .route("/slower", exchange -> {
                JdkServer.sleep(1000);
                JdkServer.respond(exchange, 200, "done");
            });

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void requestsAboveThePoolSizeQueueAndAllSucceed() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerHost(3));
        try {
            List<ClientResponse> responses = OnLoop.run(loop -> {
                List<Promise<ClientResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    calls.add(client.get(server.url("/together")));
                }
                return Promise.all(calls);
            });

            assertThat(responses).hasSize(20).allSatisfy(r -> assertThat(r.text()).isEqualTo("done"));
            assertThat(server.connections()).isLessThanOrEqualTo(3);
            // the 3 connections carried requests at once (the connection count above bounds them at 3);
            // the server's count may read more: its handler thread counts a request out only after the
            // response went, by which time the client may have sent the next one on that connection
            assertThat(server.maxConcurrentRequests()).isGreaterThanOrEqualTo(3);
        } finally {
            client.close();
        }
    }

    @Test
    void aFullWaitQueueFailsTheNextRequestAtOnceWithPoolExhausted() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerHost(1).withMaxWaitQueue(2));
        try {
            List<String> order = new ArrayList<>();
            List<Settled<ClientResponse>> outcomes = OnLoop.run(loop -> {
                List<Promise<ClientResponse>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    calls.add(client.get(server.url("/slow")).andFinally(() -> order.add("call " + n)));
                }
                return Promise.allSettled(calls);
            });

            assertThat(outcomes.subList(0, 3)).allSatisfy(s -> assertThat(s.fulfilled()).isTrue());
            HttpClientException error = (HttpClientException) outcomes.get(3).reason();
            assertThat(error.kind()).isEqualTo(Kind.POOL_EXHAUSTED);
            assertThat(error.notSent()).isTrue();
            assertThat(error.getMessage()).contains("127.0.0.1:" + server.port(), "1 connections are busy", "2 requests");
            assertThat(order).first().isEqualTo("call 3");
            assertThat(server.requests()).isEqualTo(3);
        } finally {
            client.close();
        }
    }

    @Test
    void aRequestThatTimesOutInTheQueueLeavesItAndSaysItWasWaiting() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerHost(1));
        try {
            List<Settled<ClientResponse>> outcomes = OnLoop.run(loop -> Promise.allSettled(List.of(
                    client.get(server.url("/slower")),
                    client.send(ClientRequest.get(server.url("/slow")).timeout(Duration.ofMillis(100))),
                    client.get(server.url("/slow")))));

            assertThat(outcomes.get(0).fulfilled()).isTrue();
            HttpClientException error = (HttpClientException) outcomes.get(1).reason();
            assertThat(error.kind()).isEqualTo(Kind.RESPONSE_TIMEOUT);
            assertThat(error.getMessage()).contains("timed out after 100 ms waiting for a connection");
            assertThat(outcomes.get(2).fulfilled()).isTrue();
            assertThat(server.requests()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        } finally {
            client.close();
        }
    }

    @Test
    void aClosedClientRefusesNewRequests() {
        HttpClient client = HttpClient.create();
        client.close();

        Throwable error = OnLoop.failure(loop -> client.get(server.url("/slow")));

        assertThat(error).isInstanceOf(HttpClientException.class)
                .extracting(e -> ((HttpClientException) e).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void closingTheClientFailsQueuedRequestsButLetsRunningOnesFinish() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerHost(1));
        List<Settled<ClientResponse>> outcomes = OnLoop.run(loop -> {
            Promise<ClientResponse> running = client.get(server.url("/slower"));
            Promise<ClientResponse> queued = client.get(server.url("/slow"));
            loop.setTimeout(client::close, 100);
            return Promise.allSettled(List.of(running, queued));
        });

        assertThat(outcomes.get(0).fulfilled()).isTrue();
        assertThat(((HttpClientException) outcomes.get(1).reason()).kind()).isEqualTo(Kind.CLOSED);
    }
}
