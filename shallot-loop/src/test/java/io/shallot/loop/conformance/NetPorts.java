package io.shallot.loop.conformance;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.net.Net;
import io.shallot.loop.net.NetException;
import io.shallot.loop.net.NetServer;
import io.shallot.loop.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * net: TCP servers and sockets on 127.0.0.1. {@code socket.setEncoding('utf8')} is ported as
 * decoding each data chunk as UTF-8; a JS {@code undefined} argument is Java's null.
 */
public final class NetPorts {
    private NetPorts() {
    }

    private static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    public static void net_echo(Ctx c) {
        Loop loop = c.loop();
        List<String> serverLog = new ArrayList<>();
        List<String> clientLog = new ArrayList<>();
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(loop, sock -> {
            serverLog.add("connection");
            sock.onData(bytes -> {
                String d = utf8(bytes);
                serverLog.add("data " + d);
                sock.end("echo:" + d);
            });
            sock.onEnd(() -> serverLog.add("end"));
            sock.onClose(hadError -> {
                serverLog.add("socket close hadError=" + hadError);
                server[0].close(() -> {
                    c.log("server: " + String.join(" | ", serverLog));
                    c.log("client: " + String.join(" | ", clientLog));
                    c.log("server closed");
                });
            });
        });
        server[0].listen(0, "127.0.0.1", () -> {
            c.log("listening");
            NetSocket[] client = new NetSocket[1];
            client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> {
                clientLog.add("connect");
                client[0].write("ping");
            });
            client[0].onData(bytes -> clientLog.add("data " + utf8(bytes)));
            client[0].onEnd(() -> clientLog.add("end"));
            client[0].onClose(hadError -> clientLog.add("close hadError=" + hadError));
        });
        c.log("sync");
    }

    public static void net_close_vs_immediate(Ctx c) {
        Loop loop = c.loop();
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(loop, sock -> sock.onClose(hadError -> {
            server[0].close(() -> c.log("server close callback"));
            loop.setImmediate(() -> c.log("immediate after server.close"));
            loop.nextTick(() -> c.log("tick after server.close"));
        }));
        server[0].listen(0, "127.0.0.1", () -> {
            NetSocket[] client = new NetSocket[1];
            client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> {
                c.log("client connected");
                client[0].onClose(hadError -> c.log("client close event"));
                client[0].destroy();
                loop.setImmediate(() -> c.log("immediate after destroy"));
                loop.nextTick(() -> c.log("tick after destroy"));
                Promise.resolve(null).thenRun(() -> c.log("promise after destroy"));
            });
        });
    }

    public static void net_server_close_cb(Ctx c) {
        Loop loop = c.loop();
        NetServer server = Net.createServer(loop);
        server.onClose(() -> c.log("close event"));
        server.listen(0, "127.0.0.1", () -> {
            c.log("listening, port > 0: " + (server.port() > 0));
            server.close((Consumer<Throwable>) err -> c.log("close callback err " + (err == null ? "undefined" : err)));
            loop.setImmediate(() -> c.log("immediate"));
            c.log("listening after close(): " + server.isListening());
        });
        c.log("sync");
    }

    public static void net_connect_refused(Ctx c) {
        Loop loop = c.loop();
        NetServer probe = Net.createServer(loop);
        probe.listen(0, "127.0.0.1", () -> {
            int port = probe.port();
            probe.close(() -> {
                NetSocket client = Net.connect(loop, port, "127.0.0.1", () -> c.log("never connected"));
                client.onError(e -> c.log("error " + (e instanceof NetException ne ? ne.code() : "not a NetException: " + e)));
                client.onClose(hadError -> c.log("close hadError=" + hadError));
            });
        });
    }

    public static void net_server_close_waits(Ctx c) {
        Loop loop = c.loop();
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(loop, sock -> {
            server[0].close(() -> c.log("server closed (after the connection)"));
            c.log("connection; listening now: " + server[0].isListening());
            sock.onClose(hadError -> c.log("server socket close"));
            loop.setTimeout(() -> {
                c.log("destroying the connection");
                sock.destroy();
                loop.nextTick(() -> c.log("tick after destroy"));
                loop.setImmediate(() -> c.log("immediate after destroy"));
            }, 20);
        });
        server[0].listen(0, "127.0.0.1", () -> {
            NetSocket client = Net.connect(loop, server[0].port(), "127.0.0.1", null);
            client.onError(e -> { });
        });
    }
}
