package io.shallot.loop.net;

import static io.shallot.loop.net.NetTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetServerTest {

    @Test
    void closeWithAnOpenConnectionReportsAfterThatConnectionEndsAsNodeDoes() {
        // Node 20: close(cb) fires on a tick after the last connection is destroyed, i.e. before its 'close'.
        assertThat(run((loop, out) -> {
            NetServer[] server = new NetServer[1];
            NetSocket[] client = new NetSocket[1];
            server[0] = Net.createServer(loop, sock -> {
                out.add("connection");
                server[0].close(() -> out.add("server closed"));
                sock.onEnd(() -> out.add("server end"));
                sock.onClose(hadError -> out.add("server socket close " + hadError));
                loop.setTimeout(() -> {
                    out.add("client end()");
                    client[0].end();
                }, 20);
            });
            server[0].listen(0, "127.0.0.1", () -> {
                client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", null);
                client[0].onEnd(() -> out.add("client end"));
                client[0].onClose(hadError -> out.add("client close " + hadError));
            });
        })).containsExactly("connection", "client end()", "server end", "server closed",
                "server socket close false", "client end", "client close false");
    }

    @Test
    void listeningOnAPortInUseFailsWithNodesEaddrinuseMessageOnATick() {
        List<String> out = run((loop, log) -> {
            NetServer first = Net.createServer(loop);
            first.listen(0, "127.0.0.1", () -> {
                NetServer second = Net.createServer(loop);
                second.onError(e -> {
                    NetException error = (NetException) e;
                    log.add("error " + error.code() + " | " + error.getMessage() + " | " + error.syscall()
                            + " | " + (error.port() == first.port()));
                    first.close();
                });
                second.listen(first.port(), "127.0.0.1", () -> log.add("never"));
                loop.nextTick(() -> log.add("tick1"));
                loop.nextTick(() -> loop.nextTick(() -> log.add("tick2")));
                log.add("port " + first.port());
            });
        });
        String port = out.get(0).substring("port ".length());
        assertThat(out).containsExactly("port " + port, "tick1",
                "error EADDRINUSE | listen EADDRINUSE: address already in use 127.0.0.1:" + port + " | listen | true",
                "tick2");
    }

    @Test
    void anUnrefdServerDoesNotKeepTheRunAlive() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop);
            server.listen(0, "127.0.0.1", () -> out.add("listening " + server.isListening()));
            server.unref();
        })).containsExactly("listening true");
    }

    @Test
    void refAgainAfterUnrefKeepsTheRunAliveUntilClose() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop).unref();
            server.listen(0, "127.0.0.1", () -> {
                server.ref();
                loop.setTimeout(() -> {
                    out.add("still listening " + server.isListening());
                    server.close(() -> out.add("closed"));
                }, 30);
            });
        })).containsExactly("still listening true", "closed");
    }

    @Test
    void closingAServerThatIsNotListeningPassesErrServerNotRunning() {
        assertThat(run((loop, out) -> Net.createServer(loop)
                .close((Throwable err) -> out.add(((NetException) err).code() + ": " + err.getMessage()))))
                .containsExactly("ERR_SERVER_NOT_RUNNING: Server is not running.");
    }

    @Test
    void listeningAgainWhileListeningIsRefused() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop);
            server.listen(0, "127.0.0.1", () -> {
                assertThatThrownBy(() -> server.listen(0, "127.0.0.1", null))
                        .isInstanceOf(NetException.class)
                        .hasMessage("Listen method has been called more than once without closing.");
                server.close(() -> out.add("closed"));
            });
        })).containsExactly("closed");
    }

    @Test
    void closeBeforeTheBindCancelsItAsInNode() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop);
            server.listen(0, "127.0.0.1", () -> out.add("never listening"));
            server.listen(0, "127.0.0.1", () -> out.add("never listening either"));
            server.close((Throwable err) -> out.add("closed " + ((NetException) err).code()));
            loop.setTimeout(() -> out.add("listening? " + server.isListening()), 20);
        })).containsExactly("closed ERR_SERVER_NOT_RUNNING", "listening? false");
    }

    @Test
    void aClosedServerCanListenAgain() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop, sock -> {
                out.add("connection");
                sock.destroy();
            });
            server.listen(0, "127.0.0.1", () -> server.close(() -> server.listen(0, "127.0.0.1", () -> {
                NetSocket client = Net.connect(loop, server.port(), "127.0.0.1", null);
                client.onClose(hadError -> server.close(() -> out.add("closed twice")));
            })));
        })).containsExactly("connection", "closed twice");
    }

    @Test
    void aPortOutsideTheTcpRangeIsRefused() {
        run((loop, out) -> assertThatThrownBy(() -> Net.createServer(loop).listen(65536, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ERR_SOCKET_BAD_PORT"));
    }

    @Test
    void callsFromAnotherThreadAreRefusedWithAHint() {
        NetServer[] server = new NetServer[1];
        Loop.run(loop -> server[0] = Net.createServer(loop));
        assertThatThrownBy(() -> server[0].listen(0, null, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called on the loop thread")
                .hasMessageContaining("loop.execute");
    }
}
