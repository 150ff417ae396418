package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class KeepAliveTest {
    private final JdkServer server = new JdkServer()
            .route("/hello", exchange -> JdkServer.respond(exchange, 200, "hello " + exchange.getRequestURI().getQuery()))
            .route("/close", exchange -> {
                exchange.getResponseHeaders().set("Connection", "close");
                JdkServer.respond(exchange, 200, "bye");
            });
    private final HttpClient client = HttpClient.create();

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void sequentialRequestsReuseOneConnection() {
        List<String> bodies = OnLoop.run(loop -> sequence(10, i -> client.get(server.url("/hello?n=" + i))));

        assertThat(bodies).hasSize(10).startsWith("hello n=0").endsWith("hello n=9");
        assertThat(server.requests()).isEqualTo(10);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aServerThatClosesAfterEachResponseStillServesEveryRequest() {
        List<String> bodies = OnLoop.run(loop -> sequence(5, i -> client.get(server.url("/close"))));

        assertThat(bodies).containsOnly("bye").hasSize(5);
        assertThat(server.connections()).isEqualTo(5);
    }

    @Test
    void aRequestAskingForConnectionCloseIsNotPooled() {
        List<String> bodies = OnLoop.run(loop -> sequence(3,
                i -> client.send(ClientRequest.get(server.url("/hello?n=" + i)).header("connection", "close"))));

        assertThat(bodies).hasSize(3);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndReplaced() {
        HttpClient shortIdle = HttpClient.create(ClientOptions.defaults().withIdleTimeout(Duration.ofMillis(100)));
        try {
            List<String> bodies = OnLoop.run(loop -> shortIdle.get(server.url("/hello?n=1"))
                    .compose(first -> Promise.<Void>of((resolve, reject) -> loop.setTimeout(() -> resolve.accept(null), 300)))
                    .compose(waited -> shortIdle.get(server.url("/hello?n=2")))
                    .then(second -> List.of(second.text())));

            assertThat(bodies).containsExactly("hello n=2");
            assertThat(server.connections()).isEqualTo(2);
        } finally {
            shortIdle.close();
        }
    }

    @Test
    void aConnectionInUseOutlivesItsFirstIdleTimeoutAndClosesAnIdleTimeoutAfterItsLastUse() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withIdleTimeout(Duration.ofMillis(500)));
        try {
            List<String> bodies = OnLoop.run(loop -> sequence(9, i -> pause(loop, i == 0 ? 0 : 100)
                    .compose(waited -> client.get(server.url("/hello?n=" + i)))));
            assertThat(bodies).hasSize(9);
            assertThat(server.connections()).as("one connection for 800 ms of requests 100 ms apart").isEqualTo(1);

            OnLoop.run(loop -> pause(loop, 1200).compose(waited -> client.get(server.url("/hello?n=last"))));
            assertThat(server.connections()).as("closed once idle for 500 ms, then replaced").isEqualTo(2);
        } finally {
            client.close();
        }
    }

    private static Promise<Void> pause(Loop loop, long ms) {
        return ms == 0 ? Promise.resolve(loop, null)
                : Promise.of((resolve, reject) -> loop.setTimeout(() -> resolve.accept(null), ms));
    }

    @Test
    void aZeroIdleTimeoutDisablesPooling() {
        HttpClient unpooled = HttpClient.create(ClientOptions.defaults().withIdleTimeout(Duration.ZERO));
        try {
            OnLoop.run(loop -> sequence(3, i -> unpooled.get(server.url("/hello?n=" + i))));
            assertThat(server.connections()).isEqualTo(3);
        } finally {
            unpooled.close();
        }
    }

    /** Runs {@code count} calls one after another and collects the bodies. */
    static Promise<List<String>> sequence(int count, java.util.function.IntFunction<Promise<ClientResponse>> call) {
        List<String> bodies = new ArrayList<>();
        Promise<Void> chain = Promise.resolve(null);
        for (int i = 0; i < count; i++) {
            int n = i;
            chain = chain.compose(ignored -> call.apply(n)).then(response -> {
                bodies.add(response.text());
                return null;
            });
        }
        return chain.then(ignored -> bodies);
    }
}
