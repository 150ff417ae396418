package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.client.HttpClientException.Kind;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BodyTest {
    private final JdkServer server = new JdkServer()
            .route("/chunked", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 5; i++) {
                        out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        JdkServer.sleep(10);
                    }
                }
            })
            .route("/bytes", exchange -> {
                int size = Integer.parseInt(exchange.getRequestURI().getQuery());
                byte[] body = new byte[size];
                Arrays.fill(body, (byte) 'x');
                boolean chunked = exchange.getRequestHeaders().containsKey("x-chunked");
                exchange.sendResponseHeaders(200, chunked ? 0 : size);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            })
            .route("/latin1", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
                byte[] body = "café".getBytes(StandardCharsets.ISO_8859_1);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            })
            .route("/empty", exchange -> exchange.sendResponseHeaders(204, -1))
            .route("/echo", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("x-method", exchange.getRequestMethod());
                exchange.getResponseHeaders().set("x-content-length", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Length")));
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            });
    private final HttpClient client = HttpClient.create(ClientOptions.defaults().withMaxResponseBodyBytes(1000));

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void aChunkedResponseIsReassembled() {
        ClientResponse response = OnLoop.run(loop -> client.get(server.url("/chunked")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(response.text()).isEqualTo("part0;part1;part2;part3;part4;");
    }

    @Test
    void aBodyAtTheLimitIsAccepted() {
        ClientResponse response = OnLoop.run(loop -> client.get(server.url("/bytes?1000")));

        assertThat(response.body()).hasSize(1000);
    }

    @Test
    void aDeclaredContentLengthOverTheLimitFailsAndTheConnectionIsNotReused() {
        Throwable error = OnLoop.failure(loop -> client.get(server.url("/bytes?5000")));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.BODY_TOO_LARGE);
        assertThat(error).hasMessageContaining("Content-Length 5000").hasMessageContaining("1000 bytes");
        String next = OnLoop.run(loop -> client.get(server.url("/bytes?10")).then(ClientResponse::text));
        assertThat(next).isEqualTo("xxxxxxxxxx");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitFails() {
        Throwable error = OnLoop.failure(loop -> client.send(ClientRequest.get(server.url("/bytes?5000")).header("x-chunked", "1")));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.BODY_TOO_LARGE);
        assertThat(error).hasMessageContaining("more than 1000 bytes");
    }

    @Test
    void textUsesTheCharsetOfTheContentType() {
        String text = OnLoop.run(loop -> client.get(server.url("/latin1")).then(ClientResponse::text));

        assertThat(text).isEqualTo("café");
    }

    @Test
    void noContentAndHeadResponsesHaveEmptyBodiesAndKeepTheConnection() {
        ClientResponse empty = OnLoop.run(loop -> client.get(server.url("/empty"))
                .compose(first -> client.send(ClientRequest.of("HEAD", server.url("/bytes?500"))))
                .compose(head -> {
                    assertThat(head.status()).isEqualTo(200);
                    assertThat(head.body()).isEmpty();
                    return client.get(server.url("/empty"));
                }));

        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEmpty();
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void byteAndTextBodiesAreSentWithTheirLength() {
        ClientResponse bytes = OnLoop.run(loop -> client.send(ClientRequest.put(server.url("/echo")).body(new byte[] {1, 2, 3})));
        ClientResponse text = OnLoop.run(loop -> client.send(ClientRequest.post(server.url("/echo")).body("héllo")));
        ClientResponse none = OnLoop.run(loop -> client.send(ClientRequest.post(server.url("/echo"))));

        assertThat(bytes.body()).containsExactly(1, 2, 3);
        assertThat(bytes.header("x-method")).isEqualTo("PUT");
        assertThat(text.text()).isEqualTo("héllo");
        assertThat(text.header("x-content-length")).isEqualTo("6");
        assertThat(none.header("x-content-length")).isEqualTo("0");
    }
}
