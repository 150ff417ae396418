package io.shallot.loop.net;

import static io.shallot.loop.net.NetTesting.recorded;
import static io.shallot.loop.net.NetTesting.run;
import static io.shallot.loop.net.NetTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.List;
import io.shallot.loop.Transport;
import org.junit.jupiter.api.Test;

/** Line-by-line ports of the net_*.js conformance cases, checked against Node 20's recorded output. */
class NodeRecordedOrderTest {

    @Test
    void destroyClosesInTheCloseCallbacksPhaseAfterAnImmediateAndServerCloseReportsOnATick() {
        assertThat(run((loop, out) -> {
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> sock.onClose(hadError -> {
                server[0].close(() -> out.add("server close callback"));
                loop.setImmediate(() -> out.add("immediate after server.close"));
                loop.nextTick(() -> out.add("tick after server.close"));
            }));
            server[0].listen(0, "127.0.0.1", () -> {
                NetSocket[] client = new NetSocket[1];
                client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> {
                    out.add("client connected");
                    client[0].onClose(hadError -> out.add("client close event"));
                    client[0].destroy();
                    loop.setImmediate(() -> out.add("immediate after destroy"));
                    loop.nextTick(() -> out.add("tick after destroy"));
                    Promise.resolve(loop, 0).thenRun(() -> out.add("promise after destroy"));
                });
            });
        })).containsExactlyElementsOf(recorded("net_close_vs_immediate"));
    }

    @Test
    void connectingToAClosedPortEmitsEconnrefusedThenCloseWithHadErrorTrue() {
        assumeTrue(Transport.isEpoll(), NetTesting.NIO_DEFERS_CLOSE);
        assertThat(run((loop, out) -> {
            NetServer probe = Net.createServer(loop);
            probe.listen(0, "127.0.0.1", () -> {
                int port = probe.port();
                probe.close(() -> {
                    NetSocket client = Net.connect(loop, port, "127.0.0.1", () -> out.add("never connected"));
                    client.onError(e -> out.add("error " + ((NetException) e).code()));
                    client.onClose(hadError -> out.add("close hadError=" + hadError));
                });
            });
        })).containsExactlyElementsOf(recorded("net_connect_refused"));
    }

    @Test
    void echoOverLoopbackGivesEachSideNodesEventOrder() {
        assertThat(run((loop, out) -> {
            List<String> serverLog = new ArrayList<>();
            List<String> clientLog = new ArrayList<>();
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> {
                serverLog.add("connection");
                sock.onData(d -> {
                    serverLog.add("data " + utf8(d));
                    sock.end("echo:" + utf8(d));
                });
                sock.onEnd(() -> serverLog.add("end"));
                sock.onClose(hadError -> {
                    serverLog.add("socket close hadError=" + hadError);
                    server[0].close(() -> {
                        out.add("server: " + String.join(" | ", serverLog));
                        out.add("client: " + String.join(" | ", clientLog));
                        out.add("server closed");
                    });
                });
            });
            server[0].listen(0, "127.0.0.1", () -> {
                out.add("listening");
                NetSocket[] client = new NetSocket[1];
                client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> {
                    clientLog.add("connect");
                    client[0].write("ping");
                });
                client[0].onData(d -> clientLog.add("data " + utf8(d)));
                client[0].onEnd(() -> clientLog.add("end"));
                client[0].onClose(hadError -> clientLog.add("close hadError=" + hadError));
            });
            out.add("sync");
        })).containsExactlyElementsOf(recorded("net_echo"));
    }

    @Test
    void listeningComesAfterTheMainScriptAndCloseWithoutConnectionsReportsBeforeAnImmediate() {
        assertThat(run((loop, out) -> {
            NetServer server = Net.createServer(loop);
            server.onClose(() -> out.add("close event"));
            server.listen(0, "127.0.0.1", () -> {
                out.add("listening, port > 0: " + (server.port() > 0));
                server.close((Throwable err) -> out.add("close callback err " + (err == null ? "undefined" : err)));
                loop.setImmediate(() -> out.add("immediate"));
                out.add("listening after close(): " + server.isListening());
            });
            out.add("sync");
        })).containsExactlyElementsOf(recorded("net_server_close_cb"));
    }
}
