package io.shallot.cluster.launch;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.shallot.cluster.internal.Frames;
import io.shallot.cluster.internal.Json;
import io.shallot.loop.Loop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of one worker's Unix socket ({@code $SHALLOT_HOME/run/wID-SEQ.sock}, handed to the
 * worker as {@code SHALLOT_CLUSTER_SOCKET}). The worker's agent opens a control connection (hello
 * role "control", then listening / ready / stats) and, in cluster mode, an fd connection (hello
 * role "fds") on which the daemon writes accepted sockets. Bound and served on the daemon loop.
 */
final class WorkerSocket {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSocket.class);
    private final Path path;
    private final Channel server;

    private WorkerSocket(Path path, Channel server) {
        this.path = path;
        this.server = server;
    }

    static WorkerSocket bind(Loop loop, Path path, Worker worker, BiConsumer<Worker, Map<String, Object>> onMessage) throws IOException {
        Files.deleteIfExists(path);
        var future = new ServerBootstrap()
                .group(loop.netty())
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Frames.decoder(ch.pipeline());
                        ch.pipeline().addLast(new Link(worker, onMessage));
                    }
                })
                .bind(new DomainSocketAddress(path.toFile()));
        if (future.isDone() && !future.isSuccess()) {
            throw new IOException("cannot listen on " + path + ": " + future.cause().getMessage(), future.cause());
        }
        return new WorkerSocket(path, future.channel());
    }

    Path path() {
        return path;
    }

    void close() {
        server.close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("could not delete {}", path, e);
        }
    }

    private static final class Link extends SimpleChannelInboundHandler<ByteBuf> {
        private final Worker worker;
        private final BiConsumer<Worker, Map<String, Object>> onMessage;

        Link(Worker worker, BiConsumer<Worker, Map<String, Object>> onMessage) {
            this.worker = worker;
            this.onMessage = onMessage;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) throws IOException {
            Map<String, Object> msg = Frames.parse(frame);
            if (Json.text(msg, "type").equals("hello")) {
                if (Json.longValue(msg, "pid", -1) != worker.pid()) {
                    // a child the worker started inherited its environment: only the worker itself may speak for it
                    LOG.warn("{}: ignoring a connection from pid {} on its socket", worker, msg.get("pid"));
                    ctx.close();
                    return;
                }
                switch (Json.text(msg, "role")) {
                    case "control" -> worker.control = ctx.channel();
                    case "fds" -> worker.fds = ctx.channel();
                    default -> LOG.warn("{}: unknown connection role {}", worker, msg);
                }
            } else if (ctx.channel() != worker.control && ctx.channel() != worker.fds) {
                return;
            }
            onMessage.accept(worker, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (worker.control != ctx.channel() && worker.fds != ctx.channel()) {
                return;
            }
            boolean wasFds = worker.fds == ctx.channel();
            if (worker.control == ctx.channel()) {
                worker.control = null;
            }
            if (wasFds) {
                worker.fds = null;
            }
            onMessage.accept(worker, Json.fields("type", wasFds ? "fds-closed" : "closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: worker connection failed", worker, cause);
            ctx.close();
        }
    }
}
