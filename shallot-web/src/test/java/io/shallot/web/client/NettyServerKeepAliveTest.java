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
class NettyServerKeepAliveTest {
    private final NettyServer server = new NettyServer();
    private final HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxConnectionsPerHost(1));

    NettyServerKeepAliveTest() throws InterruptedException {
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void sequentialRequestsShareOneKeepAliveConnection() {
        List<String> bodies = OnLoop.run(loop -> KeepAliveTest.sequence(5, i -> client.get(server.url("/seq/" + i))));

        assertThat(bodies).containsExactly("/seq/0", "/seq/1", "/seq/2", "/seq/3", "/seq/4");
        assertThat(server.opened.get()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsOnOneConnectionAreNeverPipelined() {
        server.delayMs = 20;
        List<ClientResponse> responses = OnLoop.run(loop -> {
            List<Promise<ClientResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(client.get(server.url("/c/" + i)));
            }
            return Promise.all(calls);
        });

        assertThat(responses).extracting(ClientResponse::text).containsExactly("/c/0", "/c/1", "/c/2", "/c/3", "/c/4", "/c/5");
        assertThat(server.opened.get()).isEqualTo(1);
        assertThat(server.pipelined.get()).isFalse();
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsDroppedAndReplaced() {
        server.closeAfterResponseMs = 20;
        List<String> bodies = OnLoop.run(loop -> client.get(server.url("/one"))
                .compose(first -> later(loop, 300).then(ignored -> first.text()))
                .compose(first -> client.get(server.url("/two")).then(second -> List.of(first, second.text()))));

        assertThat(bodies).containsExactly("/one", "/two");
        assertThat(server.opened.get()).isEqualTo(2);
    }

    @Test
    void theServersKeepAliveTimeoutHintMakesTheClientCloseFirst() {
        server.decorate = response -> response.headers().set("Keep-Alive", "timeout=1");
        OnLoop.run(loop -> client.get(server.url("/one"))
                .compose(first -> later(loop, 800))
                .compose(waited -> {
                    assertThat(server.closed.get()).isEqualTo(1);
                    return client.get(server.url("/two"));
                }));

        assertThat(server.opened.get()).isEqualTo(2);
    }

    @Test
    void aHeadResponseWithAContentLengthHasNoBodyAndKeepsTheConnection() {
        List<String> seen = OnLoop.run(loop -> client.send(ClientRequest.of("HEAD", server.url("/h")))
                .compose(head -> client.get(server.url("/after"))
                        .then(after -> List.of(head.header("content-length"), String.valueOf(head.body().length), after.text()))));

        assertThat(seen).containsExactly("500", "0", "/after");
        assertThat(server.opened.get()).isEqualTo(1);
    }

    @Test
    void aHostPortPathRequestReachesTheServer() {
        ClientResponse response = OnLoop.run(loop ->
                client.send(ClientRequest.of("GET", "127.0.0.1", server.port(), "/by/parts?q=1")));

        assertThat(response.text()).isEqualTo("/by/parts?q=1");
    }

    @Test
    void idleTimeoutClosesThePooledConnectionWithoutKeepingTheLoopAlive() {
        HttpClient shortIdle = HttpClient.create(ClientOptions.defaults().withIdleTimeout(Duration.ofMillis(50)));
        try {
            OnLoop.run(loop -> shortIdle.get(server.url("/x")).compose(r -> later(loop, 300)));

            assertThat(server.closed.get()).isEqualTo(1);
        } finally {
            shortIdle.close();
        }
    }

    private static Promise<Void> later(Loop loop, long ms) {
        return Promise.of((resolve, reject) -> loop.setTimeout(() -> resolve.accept(null), ms));
    }
}
