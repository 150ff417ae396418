package io.shallot.web.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopDelay;
import io.shallot.loop.ShutdownHooks;
import io.shallot.loop.Transport;
import io.shallot.web.server.HttpServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: the worker's side of the shallot daemon (shallot-cluster), active only when the daemon
 * started this process ({@code SHALLOT_CLUSTER_SOCKET} set). Over the worker's Unix socket it
 * opens a control connection (length-prefixed JSON, the daemon's framing): hello, listening, ready,
 * and every second the stats {@code shallot ls} shows (requests/s, event-loop delay, connections).
 *
 * <p>Cluster mode ({@code SHALLOT_CLUSTER_PORT} equals the server's port): the server does not bind;
 * it opens a second connection on which the daemon sends accepted sockets as file descriptors, and
 * each is wrapped in an {@link EpollSocketChannel} with the server's own pipeline and registered on
 * one of its loops. On the daemon's drain message (which says how many sockets were sent), the
 * agent takes every one of them, then runs {@link HttpServer#shutdown()} (in-flight requests finish,
 * answered with {@code Connection: close}) and exits. A cluster worker whose daemon is gone exits.
 */
public final class ClusterAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();
    private static volatile ClusterAgent instance;
    private static volatile boolean resolved;

    private final String socketPath;
    private final int clusterPort;
    private final EventLoopGroup group;
    private final Channel control;
    private final LongAdder requests = new LongAdder();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong registered = new AtomicLong();
    private volatile HttpServer server;
    private volatile Channel fds;
    private volatile boolean draining;
    private volatile boolean exiting;
    private boolean claimed;
    private long lastRequests;
    private long lastNanos = System.nanoTime();
    private final Map<Loop, long[]> lastDelay = new HashMap<>();

    private ClusterAgent(String socketPath, int clusterPort) throws IOException, InterruptedException {
        this.socketPath = socketPath;
        this.clusterPort = clusterPort;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("shallot-agent", true), EpollIoHandler.newFactory());
        this.control = connect(false, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4), new Control());
            }
        });
        send(control, message("hello").put("role", "control").put("pid", ProcessHandle.current().pid()));
        group.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }

    /** The agent of this process, connected on first use; null when the daemon did not start it. */
    public static ClusterAgent get() {
        if (resolved) {
            return instance;
        }
        synchronized (LOCK) {
            if (!resolved) {
                String socket = System.getenv("SHALLOT_CLUSTER_SOCKET");
                if (socket != null && !socket.isBlank()) {
                    String port = System.getenv("SHALLOT_CLUSTER_PORT");
                    try {
                        if (!Transport.isEpoll()) {
                            throw new IOException("the daemon's agent needs Netty's native epoll transport,"
                                    + " and this process runs on " + Transport.kind() + " (" + Transport.PROPERTY + ")");
                        }
                        instance = new ClusterAgent(socket, port == null || port.isBlank() ? -1 : Integer.parseInt(port));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("cannot reach the shallot daemon at {}: {}", socket, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                resolved = true;
            }
            return instance;
        }
    }

    /**
     * Called by {@link HttpServer#start} for each server: the agent when it should serve this one
     * (cluster mode: the server on the cluster port; fork mode: the first server started), else null.
     */
    public static ClusterAgent claim(int port) {
        ClusterAgent agent = get();
        if (agent == null) {
            return null;
        }
        synchronized (agent) {
            if (agent.claimed || (agent.clusterPort >= 0 && agent.clusterPort != port)) {
                return null;
            }
            agent.claimed = true;
            return agent;
        }
    }

    /** True when connections come from the daemon instead of a listening socket of this process. */
    public boolean clustered() {
        return clusterPort >= 0;
    }

    /** The server's per-connection initializer, with a request counter after the HTTP codec. */
    public ChannelHandler counting(ChannelHandler initializer) {
        ChannelHandler counter = new Counter();
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(initializer);
                if (ch.pipeline().get("codec") != null) {
                    ch.pipeline().addAfter("codec", "shallot-requests", counter);
                }
            }
        };
    }

    /**
     * Cluster mode: connects the fd connection; each socket received is served with {@code child}
     * on one of {@code loops}. The returned channel stands for the listening socket: closing it stops
     * the hand-over.
     */
    public Channel serveHandedOver(EventLoopGroup loops, ChannelHandler child) {
        try {
            Channel ch = connect(true, new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new HandOver(loops, child));
                }
            });
            send(ch, message("hello").put("role", "fds").put("pid", ProcessHandle.current().pid()));
            fds = ch;
            return ch;
        } catch (IOException e) {
            throw new IllegalStateException("cannot receive connections from the shallot daemon at " + socketPath + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the shallot daemon", e);
        }
    }

    /** The server is up: tell the daemon (in cluster mode it then hands connections over, unless wait_ready). */
    public void attach(HttpServer server) {
        this.server = server;
        if (clustered()) {
            ShutdownHooks.add("shallot-agent-drain", () -> {
                if (!exiting) {
                    draining = true;
                    server.shutdown().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                }
            });
        }
        send(control, message("listening").put("port", server.port()));
    }

    void ready() {
        send(control, message("ready"));
    }

    private Channel connect(boolean fileDescriptors, ChannelInitializer<Channel> init) throws IOException, InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(EpollDomainSocketChannel.class).handler(init)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        if (fileDescriptors) {
            b.option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            var f = b.connect(new DomainSocketAddress(new File(socketPath))).await();
            if (f.isSuccess()) {
                return f.channel();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(f.cause().getMessage(), f.cause());
            }
            Thread.sleep(20);
        }
    }

    private static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static void send(Channel ch, ObjectNode msg) {
        byte[] bytes = msg.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = ch.alloc().buffer(4 + bytes.length).writeInt(bytes.length).writeBytes(bytes);
        ch.writeAndFlush(buf);
    }

    private void report() {
        HttpServer s = server;
        long now = System.nanoTime();
        long total = requests.sum();
        double seconds = (now - lastNanos) / 1e9;
        ObjectNode stats = message("stats")
                .put("requests", total)
                .put("rps", seconds > 0 ? (total - lastRequests) / seconds : 0)
                .put("received", received.get())
                .put("open", s != null ? s.connections() : 0)
                .put("delay_ms", s != null ? delayMs(s) : 0);
        lastRequests = total;
        lastNanos = now;
        send(control, stats);
    }

    /** The worst loop's mean delay over the last interval (LoopDelay is cumulative, so take the difference). */
    private double delayMs(HttpServer s) {
        double worst = 0;
        for (Loop loop : s.loops().loops()) {
            LoopDelay d = loop.delay();
            long[] prev = lastDelay.getOrDefault(loop, new long[] {0, 0});
            long count = d.count() - prev[0];
            double sum = d.meanNanos() * d.count() - prev[1];
            if (count > 0) {
                worst = Math.max(worst, sum / count / 1e6);
            }
            lastDelay.put(loop, new long[] {d.count(), Math.round(d.meanNanos() * d.count())});
        }
        return worst;
    }

    private void drain(long sent) {
        Thread.ofPlatform().name("shallot-agent-drain").daemon(false).start(() -> {
            draining = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            // every socket the daemon sent must be in the server's connection group before the
            // shutdown walks that group, or it would be cut when the process exits
            while (registered.get() < sent && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    break;
                }
            }
            HttpServer s = server;
            if (s != null) {
                s.shutdown().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
            exiting = true;
            System.exit(0);
        });
    }

    /** Reads the daemon's messages on the control connection. */
    private final class Control extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            JsonNode msg = JSON.readTree(bytes);
            if ("drain".equals(msg.path("type").asText())) {
                drain(msg.path("sent").asLong());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (clustered() && !draining && !exiting) {
                LOG.error("the shallot daemon is gone; a cluster worker cannot get connections without it: exiting");
                Thread.ofPlatform().start(() -> System.exit(1));
            }
        }
    }

    /** Wraps each descriptor the daemon sends in a channel of the server's pipeline. */
    private final class HandOver extends ChannelInboundHandlerAdapter {
        private final EventLoopGroup loops;
        private final ChannelHandler child;

        HandOver(EventLoopGroup loops, ChannelHandler child) {
            this.loops = loops;
            this.child = child;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FileDescriptor fd)) {
                return;
            }
            received.incrementAndGet();
            EpollSocketChannel ch = new EpollSocketChannel(fd.intValue());
            ch.config().setTcpNoDelay(true);
            ch.pipeline().addLast(child);
            loops.register(ch).addListener(f -> {
                registered.incrementAndGet();
                if (!f.isSuccess()) {
                    LOG.warn("cannot serve a connection handed over by the daemon: {}", f.cause().toString());
                    ch.unsafe().closeForcibly();
                }
            });
        }
    }

    /** Counts requests for the requests/s of {@code shallot ls}. */
    @ChannelHandler.Sharable
    private final class Counter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                requests.increment();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
