package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.client.HttpClientException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamingTest {
    private static final int BIG = 16 * 1024 * 1024;
    private final AtomicLong serverFinishedWriting = new AtomicLong();
    private final JdkServer server = new JdkServer()
            .route("/ticks", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 20; i++) {
                        out.write(("tick-" + i + ";").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        JdkServer.sleep(i == 0 ? 300 : 5);
                    }
                }
            })
            .route("/big", exchange -> {
                exchange.sendResponseHeaders(200, BIG);
                byte[] block = new byte[64 * 1024];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int written = 0; written < BIG; written += block.length) {
                        out.write(block);
                    }
                } catch (IOException clientWentAway) {
                    // the cancel test closes the connection mid-body
                }
                serverFinishedWriting.set(System.nanoTime());
            })
            .route("/echo", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("x-transfer-encoding",
                        String.valueOf(exchange.getRequestHeaders().getFirst("Transfer-Encoding")));
                exchange.getResponseHeaders().set("x-content-length",
                        String.valueOf(exchange.getRequestHeaders().getFirst("Content-Length")));
                exchange.getResponseHeaders().set("x-received", String.valueOf(body.length));
                boolean echo = body.length > 0 && body.length < 1_000_000;
                exchange.sendResponseHeaders(200, echo ? body.length : -1);
                if (echo) {
                    exchange.getResponseBody().write(body);
                }
            });
    private final HttpClient client = HttpClient.create();

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void bodyChunksArriveInOrderAfterTheHead() {
        List<String> events = new ArrayList<>();
        OnLoop.run(loop -> client.stream(ClientRequest.get(server.url("/ticks"))).compose(response -> {
            events.add("head " + response.status());
            return response.body().read(chunk -> events.add(new String(chunk, StandardCharsets.UTF_8)));
        }));

        assertThat(events.get(0)).isEqualTo("head 200");
        assertThat(events.size()).isGreaterThan(2);
        assertThat(String.join("", events.subList(1, events.size())))
                .isEqualTo(String.join("", java.util.stream.IntStream.range(0, 20).mapToObj(i -> "tick-" + i + ";").toList()));
    }

    @Test
    void theHeadIsDeliveredBeforeTheBodyIsComplete() {
        long[] at = new long[2];
        OnLoop.run(loop -> client.stream(ClientRequest.get(server.url("/ticks"))).compose(response -> {
            at[0] = System.nanoTime();
            return response.body().read(chunk -> { });
        }).thenRun(() -> at[1] = System.nanoTime()));

        assertThat(TimeUnit.NANOSECONDS.toMillis(at[1] - at[0])).isGreaterThan(200);
    }

    @Test
    void aPausedReaderStopsTheSocketSoTheServerCannotFinishWriting() {
        long[] received = new long[1];
        long[] resumedAt = new long[1];
        long[] countAtPause = new long[1];
        long[] countAtResume = new long[1];
        OnLoop.run(loop -> client.stream(ClientRequest.get(server.url("/big"))).compose(response -> {
            BodyStream body = response.body();
            Promise<Void> done = body.read(chunk -> {
                received[0] += chunk.length;
                if (countAtPause[0] == 0) {
                    countAtPause[0] = received[0];
                    body.pause();
                    loop.setTimeout(() -> {
                        countAtResume[0] = received[0];
                        resumedAt[0] = System.nanoTime();
                        body.resume();
                    }, 500);
                }
            });
            return done;
        }));

        assertThat(received[0]).isEqualTo(BIG);
        assertThat(countAtResume[0]).isEqualTo(countAtPause[0]);
        assertThat(serverFinishedWriting.get()).isGreaterThan(resumedAt[0]);
    }

    @Test
    void cancellingTheBodyRejectsTheReadAndClosesTheConnection() {
        Throwable error = OnLoop.failure(loop -> client.stream(ClientRequest.get(server.url("/big")))
                .compose(response -> response.body().read(chunk -> response.body().cancel())));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CANCELLED);
        String next = OnLoop.run(loop -> client.get(server.url("/echo")).then(r -> r.header("x-received")));
        assertThat(next).isEqualTo("0");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aStreamedRequestBodyIsSentChunkedAsItIsWritten() {
        ClientResponse response = OnLoop.run(loop -> {
            BodyStream upload = BodyStream.create();
            Promise<ClientResponse> call = client.send(ClientRequest.post(server.url("/echo")).body(upload));
            int[] n = {0};
            io.shallot.loop.Timer[] ticker = new io.shallot.loop.Timer[1];
            ticker[0] = loop.setInterval(() -> {
                if (n[0] < 5) {
                    upload.write(("piece" + n[0]++ + ",").getBytes(StandardCharsets.UTF_8));
                } else {
                    upload.end();
                    loop.clearInterval(ticker[0]);
                }
            }, 10);
            return call;
        });

        assertThat(response.text()).isEqualTo("piece0,piece1,piece2,piece3,piece4,");
        assertThat(response.header("x-transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void aStreamedRequestBodyWithAContentLengthIsSentWithIt() {
        ClientResponse response = OnLoop.run(loop -> client.send(ClientRequest.post(server.url("/echo"))
                .header("content-length", 6).body(BodyStream.of("abc".getBytes(), "def".getBytes()))));

        assertThat(response.text()).isEqualTo("abcdef");
        assertThat(response.header("x-content-length")).isEqualTo("6");
        assertThat(response.header("x-transfer-encoding")).isEqualTo("null");
    }

    @Test
    void aFailingRequestBodyFailsTheCallWithCancelled() {
        Throwable error = OnLoop.failure(loop -> {
            BodyStream upload = BodyStream.create();
            upload.write("partial".getBytes());
            loop.setTimeout(() -> upload.fail(new IOException("disk gone")), 20);
            return client.send(ClientRequest.post(server.url("/echo")).body(upload));
        });

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CANCELLED);
        assertThat(error).hasMessageContaining("request body stream failed: disk gone");
    }

    @Test
    void aResponseBodyCanBePipedIntoAnotherRequestLikeAProxy() {
        ClientResponse response = OnLoop.run(loop -> client.stream(ClientRequest.get(server.url("/big")))
                .compose(upstream -> client.send(ClientRequest.post(server.url("/echo"))
                        .header("content-length", upstream.header("content-length"))
                        .body(upstream.body()))));

        assertThat(response.header("x-received")).isEqualTo(String.valueOf(BIG));
        assertThat(response.status()).isEqualTo(200);
    }
}
