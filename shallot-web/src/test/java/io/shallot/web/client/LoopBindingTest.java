package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopGroup;
import io.shallot.web.client.internal.PoolKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopBindingTest {
    private final JdkServer server = new JdkServer()
            .route("/hi", exchange -> JdkServer.respond(exchange, 200, "hi"))
            .route("/chunks", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                for (int i = 0; i < 3; i++) {
                    exchange.getResponseBody().write('a' + i);
                    exchange.getResponseBody().flush();
                    JdkServer.sleep(5);
                }
            });
    private final HttpClient client = HttpClient.create(ClientOptions.defaults().withIdleTimeout(Duration.ofSeconds(60)));

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void promiseAndBodyCallbacksRunOnTheCallingLoopThread() {
        List<Thread> seen = new ArrayList<>();
        Thread[] loopThread = new Thread[1];
        OnLoop.run(loop -> {
            loopThread[0] = Thread.currentThread();
            return client.get(server.url("/hi"))
                    .then(response -> seen.add(Thread.currentThread()))
                    .compose(ignored -> client.stream(ClientRequest.get(server.url("/chunks"))))
                    .compose(response -> response.body().read(chunk -> seen.add(Thread.currentThread())))
                    .thenRun(() -> seen.add(Thread.currentThread()));
        });

        assertThat(seen).hasSizeGreaterThanOrEqualTo(3).containsOnly(loopThread[0]);
    }

    @Test
    void loopRunEndsAfterTheLastResponseWhileAnIdleConnectionStaysPooled() {
        PoolKey key = new PoolKey("http", "127.0.0.1", server.port());
        int[] idleAfterResponse = new int[1];
        long start = System.nanoTime();
        OnLoop.run(loop -> client.get(server.url("/hi"))
                .thenRun(() -> idleAfterResponse[0] = client.dispatcher().idleConnections(loop, key)));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(idleAfterResponse[0]).isEqualTo(1);
        assertThat(tookMs).isLessThan(10_000);
    }

    @Test
    void eachLoopOfAGroupKeepsItsOwnPoolAndSettlesOnItsOwnThread() throws Exception {
        LoopGroup group = LoopGroup.create(2);
        try {
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (Loop loop : group.loops()) {
                CompletableFuture<String> result = new CompletableFuture<>();
                results.add(result);
                loop.execute(() -> {
                    Thread caller = Thread.currentThread();
                    client.get(server.url("/hi")).compose(first -> client.get(server.url("/hi"))).then(
                            second -> result.complete(Thread.currentThread() == caller ? "same thread" : "hopped"),
                            error -> result.completeExceptionally(error));
                });
            }

            for (CompletableFuture<String> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("same thread");
            }
            assertThat(server.requests()).isEqualTo(4);
            assertThat(server.connections()).isEqualTo(2);
        } finally {
            group.close();
        }
    }

    @Test
    void aBodyStreamOfAnotherLoopIsRefused() throws Exception {
        LoopGroup group = LoopGroup.create(2);
        try {
            CompletableFuture<BodyStream> foreign = new CompletableFuture<>();
            group.loops().get(0).execute(() -> foreign.complete(BodyStream.of("x".getBytes())));
            BodyStream stream = foreign.get(5, TimeUnit.SECONDS);
            CompletableFuture<Throwable> error = new CompletableFuture<>();
            group.loops().get(1).execute(() -> client.send(ClientRequest.post(server.url("/hi")).body(stream))
                    .then(ok -> error.complete(null), error::complete));

            assertThat(error.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the body stream belongs to loop");
        } finally {
            group.close();
        }
    }
}
