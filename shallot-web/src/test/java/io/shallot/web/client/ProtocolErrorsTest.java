package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.client.HttpClientException.Kind;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ProtocolErrorsTest {
    private final HttpClient client = HttpClient.create();

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void garbageInsteadOfAStatusLineFailsWithProtocol() throws IOException {
        try (RawServer server = new RawServer(out -> RawServer.write(out, "SSH-2.0-OpenSSH_9.6\r\n\r\n"))) {
            Throwable error = OnLoop.failure(loop -> client.get(server.url("/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(error).hasMessageContaining("GET " + server.url("/x")).hasMessageContaining("invalid response");
        }
    }

    @Test
    void aServerThatClosesWithoutAnsweringFailsWithConnectionClosed() throws IOException {
        try (RawServer server = new RawServer(out -> { })) {
            Throwable error = OnLoop.failure(loop -> client.get(server.url("/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECTION_CLOSED);
            assertThat(((HttpClientException) error).notSent()).isFalse();
            assertThat(error).hasMessageContaining("closed the connection before responding");
        }
    }

    @Test
    void aBodyCutShortOfItsContentLengthFailsWithConnectionClosed() throws IOException {
        try (RawServer server = new RawServer(out -> RawServer.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..."))) {
            Throwable error = OnLoop.failure(loop -> client.get(server.url("/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECTION_CLOSED);
            assertThat(error).hasMessageContaining("before the response body was complete");
        }
    }

    @Test
    void aBodyDelimitedByCloseIsReadToTheEnd() throws IOException {
        try (RawServer server = new RawServer(out -> RawServer.write(out, "HTTP/1.1 200 OK\r\n\r\nuntil close"))) {
            ClientResponse response = OnLoop.run(loop -> client.get(server.url("/x")));

            assertThat(response.text()).isEqualTo("until close");
        }
    }

    @Test
    void anInterimContinueResponseIsSkipped() throws IOException {
        try (RawServer server = new RawServer(out -> {
            RawServer.write(out, "HTTP/1.1 100 Continue\r\n\r\n");
            RawServer.write(out, "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        })) {
            ClientResponse response = OnLoop.run(loop -> client.get(server.url("/x")));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.text()).isEqualTo("ok");
        }
    }

    @Test
    void anOversizedResponseHeadFailsWithProtocol() throws IOException {
        String big = "x".repeat(20_000);
        try (RawServer server = new RawServer(out -> RawServer.write(out,
                "HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\nContent-Length: 0\r\n\r\n"))) {
            Throwable error = OnLoop.failure(loop -> client.get(server.url("/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.PROTOCOL);
        }
    }
}
