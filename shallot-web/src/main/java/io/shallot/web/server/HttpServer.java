package io.shallot.web.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.shallot.loop.LoopGroup;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Transport;
import io.shallot.web.server.cluster.ClusterAgent;
import io.shallot.web.server.internal.AppHandle;
import io.shallot.web.server.internal.ServerInitializer;
import io.shallot.web.server.internal.ShutdownEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 server on a {@link LoopGroup}: each connection is pinned to one loop, whose thread
 * runs its middleware. Keep-alive, pipelining (answered in order), chunked bodies,
 * {@code Expect: 100-continue} and bodies streamed both ways (a {@code BodyStream} response body;
 * request bodies with {@link ServerOptions#streamRequestBodies()}) are supported; the limits and
 * their answers are in {@link ServerOptions}. Start one with {@code App.listen}.
 */
public final class HttpServer implements AutoCloseable {
    private final LoopGroup loops;
    private final boolean ownsLoops;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final ServerOptions options;
    private volatile CompletableFuture<Void> closing;

    private HttpServer(LoopGroup loops, boolean ownsLoops, Channel serverChannel, ChannelGroup connections, ServerOptions options) {
        this.loops = loops;
        this.ownsLoops = ownsLoops;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.options = options;
    }

    /** Binds and starts serving; fails (and releases the loops) when the address cannot be bound. */
    public static HttpServer start(AppHandle app, ServerOptions options, LoopGroup shared) {
        LoopGroup loops = shared != null ? shared
                : LoopGroup.create(options.loops(), LoopOptions.defaults().withThreadName("shallot-http"));
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            // under the shallot daemon: stats and readiness, and in cluster mode connections handed over instead of a bind
            ClusterAgent agent = ClusterAgent.claim(options.port());
            ChannelHandler initializer = new ServerInitializer(app, options, connections);
            if (agent != null) {
                initializer = agent.counting(initializer);
            }
            Channel channel = agent != null && agent.clustered() ? agent.serveHandedOver(loops.netty(), initializer)
                    : new ServerBootstrap()
                    .group(loops.netty())
                    .channel(Transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, options.backlog())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer)
                    .bind(options.host(), options.port())
                    .syncUninterruptibly()
                    .channel();
            HttpServer server = new HttpServer(loops, shared == null, channel, connections, options);
            if (agent != null) {
                agent.attach(server);
            }
            return server;
        } catch (RuntimeException e) {
            if (shared == null) {
                loops.close();
            }
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return serverChannel.localAddress() instanceof InetSocketAddress a ? a.getPort() : options.port();
    }

    public LoopGroup loops() {
        return loops;
    }

    /** Open connections right now. */
    public int connections() {
        return connections.size();
    }

    /**
     * Graceful shutdown: stop accepting, let in-flight requests finish (each answered with
     * {@code Connection: close}; an idle keep-alive connection is closed after a 500 ms grace in which
     * a request already on the wire is still served), force-close what is left after
     * {@link ServerOptions#shutdownTimeoutMs()}, then stop the loops this server created.
     */
    public synchronized CompletableFuture<Void> shutdown() {
        if (closing != null) {
            return closing;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        closing = done;
        serverChannel.close().addListener(f -> {
            connections.forEach(ch -> ch.pipeline().fireUserEventTriggered(ShutdownEvent.INSTANCE));
            connections.newCloseFuture().addListener(all -> finish(done));
            GlobalEventExecutor.INSTANCE.schedule(() -> {
                connections.close();
            }, options.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
        });
        return done;
    }

    private void finish(CompletableFuture<Void> done) {
        if (!ownsLoops) {
            done.complete(null);
            return;
        }
        loops.shutdown().whenComplete((v, e) -> done.complete(null));
    }

    @Override
    public void close() {
        shutdown().join();
    }
}
