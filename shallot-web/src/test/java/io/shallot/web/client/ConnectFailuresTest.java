package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.client.HttpClientException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectFailuresTest {

    @Test
    void aPortNobodyListensOnFailsWithConnectionRefusedNamingTheTarget() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpClient client = HttpClient.create();
        try {
            Throwable error = OnLoop.failure(loop -> client.get("http://127.0.0.1:" + port + "/x"));

            assertThat(error).isInstanceOf(HttpClientException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECTION_REFUSED);
            assertThat(((HttpClientException) error).notSent()).isTrue();
        } finally {
            client.close();
        }
    }

    @Test
    void aServerThatNeverAcceptsFailsWithConnectTimeout() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillBacklog(full);
            HttpClient client = HttpClient.create(ClientOptions.defaults().withConnectTimeout(Duration.ofMillis(200)));
            try {
                long start = System.nanoTime();
                Throwable error = OnLoop.failure(loop -> client.get("http://127.0.0.1:" + full.getLocalPort() + "/x"));
                long tookMs = (System.nanoTime() - start) / 1_000_000;

                assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
                assertThat(error).hasMessageContaining("127.0.0.1:" + full.getLocalPort()).hasMessageContaining("200 ms");
                assertThat(tookMs).isBetween(150L, 10_000L);
            } finally {
                client.close();
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anUnknownHostFailsWithConnectFailed() {
        HttpClient client = HttpClient.create();
        try {
            Throwable error = OnLoop.failure(loop -> client.get("http://no-such-host.invalid:8080/x"));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(error).hasMessageContaining("unknown host no-such-host.invalid");
        } finally {
            client.close();
        }
    }

    @Test
    void callingOffTheLoopThrowsAClearIllegalStateException() {
        HttpClient client = HttpClient.create();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("http://127.0.0.1:1/x"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("HttpClient.send() must be called on a Shallot loop thread");
        } finally {
            client.close();
        }
    }

    @Test
    void malformedUrlsAreRejectedAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientRequest.get("ftp://example.com/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme http or https");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientRequest.get("/relative"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientRequest.get("http://h/x").header("x-a", "1\r\nx-b: 2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Queues connections nobody accepts until the kernel drops further SYNs. */
    private static List<Socket> fillBacklog(ServerSocket server) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 100);
                sockets.add(s);
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket that never connected
                }
                break;
            }
        }
        return sockets;
    }
}
