package io.shallot.cluster.launch;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.shallot.loop.Loop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Warms a spare up before it may take a dead worker's place: a JVM that has served nothing spends
 * its first request loading and linking the whole HTTP path (measured 0.35-0.85 s on a loaded
 * 2-core machine, against 3-15 ms for the next ones). The daemon listens on an ephemeral loopback
 * port, hands each connection made there to the spare only, and sends {@code GET /} on each
 * ({@code User-Agent: shallot-warmup}, {@code Connection: close}); whatever the status, the path
 * through the server has run. The listener is bound on the daemon loop; the requests run on a
 * virtual thread and the result is completed there (the caller hops back to its loop).
 */
final class WarmUp {
    static final byte[] REQUEST = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: shallot-warmup\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MS = 10_000;

    private WarmUp() {
    }

    /** Sends {@code requests} requests to {@code worker}, one connection each; completes with how many were answered. */
    static CompletableFuture<Integer> run(Loop loop, Worker worker, int requests) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        EpollServerSocketChannel server = new EpollServerSocketChannel();
        server.pipeline().addLast(new Handover(worker));
        ((EventLoopGroup) loop.netty()).register(server).addListener(reg -> {
            if (!reg.isSuccess()) {
                done.completeExceptionally(reg.cause());
                return;
            }
            server.bind(new InetSocketAddress("127.0.0.1", 0)).addListener(bound -> {
                if (!bound.isSuccess()) {
                    server.close();
                    done.completeExceptionally(bound.cause());
                    return;
                }
                int port = server.localAddress().getPort();
                Thread.ofVirtual().name("shallot-warmup").start(() -> {
                    int answered = 0;
                    for (int i = 0; i < requests && worker.alive(); i++) {
                        answered += get(port) ? 1 : 0;
                    }
                    server.close();
                    done.complete(answered);
                });
            });
        });
        return done;
    }

    private static boolean get(int port) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(TIMEOUT_MS);
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(9);
            in.transferTo(OutputStream.nullOutputStream());
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException e) {
            return false;
        }
    }

    /** Hands every accepted connection to the worker, counted in {@code sent} like any other (its drain waits for them all). */
    private static final class Handover extends ChannelInboundHandlerAdapter {
        private final Worker worker;

        Handover(Worker worker) {
            this.worker = worker;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            Channel fds = worker.fds;
            if (fds == null || !fds.isActive()) {
                child.unsafe().closeForcibly();
                return;
            }
            worker.sent++;
            fds.writeAndFlush(((EpollSocketChannel) child).fd()).addListener(f -> {
                if (!f.isSuccess()) {
                    worker.sent--;
                }
                child.unsafe().closeForcibly();
            });
        }
    }
}
