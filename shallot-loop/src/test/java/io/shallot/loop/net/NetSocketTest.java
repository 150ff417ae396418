package io.shallot.loop.net;

import static io.shallot.loop.net.NetTesting.run;
import static io.shallot.loop.net.NetTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Timer;
import io.shallot.loop.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NetSocketTest {

    /** A server that accepts and drains every connection, closing itself after the first one closes. */
    private static NetServer sink(Loop loop) {
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(loop, sock -> {
            sock.onData(d -> { });
            sock.onError(e -> { });
            sock.onClose(hadError -> server[0].close());
        });
        return server[0];
    }

    @Test
    void connectingToAClosedPortFailsWithNodesEconnrefusedMessage() {
        assumeTrue(Transport.isEpoll(), NetTesting.NIO_DEFERS_CLOSE);
        assertThat(run((loop, out) -> {
            NetServer probe = Net.createServer(loop);
            probe.listen(0, "127.0.0.1", () -> {
                int port = probe.port();
                probe.close(() -> {
                    NetSocket client = Net.connect(loop, port, "127.0.0.1", () -> out.add("never"));
                    client.onError(e -> {
                        NetException error = (NetException) e;
                        out.add(error.getMessage().equals("connect ECONNREFUSED 127.0.0.1:" + port)
                                + " " + error.code() + " " + error.syscall() + " " + error.address()
                                + " " + (error.port() == port));
                    });
                    client.onClose(hadError -> out.add("close " + hadError));
                });
            });
        })).containsExactly("true ECONNREFUSED connect 127.0.0.1 true", "close true");
    }

    @Test
    void anEndedPeerStillGetsTheReplyWrittenInItsEndHandler() {
        assertThat(run((loop, out) -> {
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> {
                sock.onData(d -> out.add("server data " + utf8(d)));
                sock.onEnd(() -> {
                    out.add("server end");
                    sock.write("bye");
                });
                sock.onClose(hadError -> {
                    out.add("server close " + hadError);
                    server[0].close();
                });
            });
            server[0].listen(0, "127.0.0.1", () -> {
                NetSocket client = Net.connect(loop, server[0].port(), "127.0.0.1", null);
                client.write("hello");
                client.end();
                client.onData(d -> out.add("client data " + utf8(d)));
                client.onEnd(() -> out.add("client end"));
                client.onClose(hadError -> out.add("client close " + hadError));
            });
        })).containsExactly("server data hello", "server end", "server close false",
                "client data bye", "client end", "client close false");
    }

    @Test
    void aPeerResettingTheConnectionGivesAnErrorThenCloseWithHadErrorTrue() {
        assertThat(run((loop, out) -> {
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> {
                sock.write(new byte[4 << 20]);
                sock.onError(e -> out.add("server error " + ((NetException) e).code()
                        .replace("ECONNRESET", "reset").replace("EPIPE", "reset")));
                sock.onClose(hadError -> {
                    out.add("server close " + hadError);
                    server[0].close();
                });
            });
            server[0].listen(0, "127.0.0.1", () -> {
                // no data listener: reading pauses at 16 KiB, so unread bytes make destroy() send RST
                NetSocket client = Net.connect(loop, server[0].port(), "127.0.0.1", null);
                loop.setTimeout(client::destroy, 50);
            });
        })).containsExactly("server error reset", "server close true");
    }

    @Test
    void destroyBeforeTheConnectionIsMadeClosesInTheCloseCallbacksPhase() {
        assertThat(run((loop, out) -> {
            NetSocket client = Net.connect(loop, 1, "127.0.0.1", null);
            client.onClose(hadError -> out.add("close " + hadError));
            client.destroy();
            loop.setImmediate(() -> out.add("immediate"));
            loop.nextTick(() -> out.add("tick"));
        })).containsExactly("tick", "immediate", "close false");
    }

    @Test
    void writingAfterEndFailsTheSocketWithErrStreamWriteAfterEnd() {
        assertThat(run((loop, out) -> {
            NetServer server = sink(loop);
            server.listen(0, "127.0.0.1", () -> {
                NetSocket[] client = new NetSocket[1];
                client[0] = Net.connect(loop, server.port(), "127.0.0.1", () -> {
                    client[0].end();
                    client[0].write("late");
                    out.add("after write");
                    loop.nextTick(() -> out.add("tick"));
                });
                client[0].onError(e -> out.add("error " + ((NetException) e).code() + " " + e.getMessage()));
                client[0].onClose(hadError -> out.add("close " + hadError));
            });
        })).containsExactly("after write", "error ERR_STREAM_WRITE_AFTER_END write after end", "tick", "close true");
    }

    @Test
    void dataArrivingBeforeADataListenerIsBufferedAndEndWaitsForIt() {
        assertThat(run((loop, out) -> {
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> {
                sock.onEnd(() -> out.add("end"));
                sock.onClose(hadError -> server[0].close());
                loop.setTimeout(() -> {
                    out.add("listening for data");
                    sock.onData(d -> out.add("data " + utf8(d)));
                }, 50);
            });
            server[0].listen(0, "127.0.0.1", () -> Net.connect(loop, server[0].port(), "127.0.0.1", null).end("early"));
        })).containsExactly("listening for data", "data early", "end");
    }

    @Test
    void writesMadeWhileConnectingAreSentInOrderOnConnect() {
        assertThat(run((loop, out) -> {
            StringBuilder got = new StringBuilder();
            NetServer[] server = new NetServer[1];
            server[0] = Net.createServer(loop, sock -> {
                sock.onData(d -> got.append(utf8(d)));
                sock.onEnd(() -> out.add(got.toString()));
                sock.onClose(hadError -> server[0].close());
            });
            server[0].listen(0, "127.0.0.1", () -> {
                NetSocket[] client = new NetSocket[1];
                client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> client[0].end("c"));
                client[0].write("a");
                client[0].write("b");
            });
        })).containsExactly("abc");
    }

    @Test
    void aHostNameIsLookedUpOffTheLoop() {
        assertThat(run((loop, out) -> {
            NetServer server = sink(loop);
            server.listen(0, "127.0.0.1", () -> {
                int port = server.port();
                NetSocket client = Net.connect(loop, port, "localhost", null);
                client.onClose(hadError -> out.add("close " + hadError + " " + client.remoteAddress()
                        + " " + (client.remotePort() == port)));
                client.end("x");
                client.onData(d -> { });
            });
        })).containsExactly("close false 127.0.0.1 true");
    }

    @Test
    void anUnknownHostFailsWithEnotfound() {
        assertThat(run((loop, out) -> {
            NetSocket client = Net.connect(loop, 80, "no-such-host.invalid", null);
            client.onError(e -> out.add(((NetException) e).code() + " " + e.getMessage()));
            client.onClose(hadError -> out.add("close " + hadError));
        })).containsExactly("ENOTFOUND getaddrinfo ENOTFOUND no-such-host.invalid", "close true");
    }

    @Test
    void unrefdSocketsDoNotKeepTheRunAlive() {
        assertThat(run((loop, out) -> {
            Timer hold = loop.setInterval(() -> { }, 1000);
            Runnable seen = () -> {
                if (out.size() == 2) {
                    loop.clearInterval(hold);
                }
            };
            NetServer server = Net.createServer(loop, sock -> {
                out.add("connection");
                sock.unref();
                seen.run();
            }).unref();
            server.listen(0, "127.0.0.1", () -> Net.connect(loop, server.port(), "127.0.0.1", () -> {
                out.add("connected");
                seen.run();
            }).unref());
        })).containsExactlyInAnyOrder("connection", "connected");
    }

    @Test
    void anErrorWithoutAListenerIsReportedAsUncaught() {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Loop.run(LoopOptions.defaults().withOnUncaughtException(uncaught::add),
                loop -> Net.connect(loop, 80, "no-such-host.invalid", null));
        assertThat(uncaught).hasSize(1);
        assertThat(uncaught.get(0)).isInstanceOf(NetException.class)
                .hasMessage("getaddrinfo ENOTFOUND no-such-host.invalid");
    }
}
