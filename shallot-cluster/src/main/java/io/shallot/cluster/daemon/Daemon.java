package io.shallot.cluster.daemon;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.shallot.cluster.config.AppSpecJson;
import io.shallot.cluster.internal.Frames;
import io.shallot.cluster.internal.Home;
import io.shallot.cluster.internal.Json;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.ShutdownHooks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user daemon: one event loop that owns every app's supervisor, answers the CLI on
 * {@code $SHALLOT_HOME/daemon.sock} (length-prefixed JSON, one request per connection), and
 * samples CPU and memory every second. One daemon per home (a file lock); it outlives the CLI that
 * started it and ends on {@code shallot kill} or SIGTERM, stopping its apps first.
 *
 * <p>Started by the CLI as {@code java -Dshallot.classpath=<the CLI's classpath> -cp <the jars of
 * it that the daemon uses> io.shallot.cluster.daemon.Daemon}, detached (setsid), output to
 * {@code $SHALLOT_HOME/daemon.log}.
 */
public final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    public static final String VERSION = "0.1.0";
    private final Home home;
    private final Loop loop;
    private final Registry registry;
    private final CountDownLatch ended = new CountDownLatch(1);
    private Channel control;
    private volatile boolean stopping;

    private Daemon(Home home, Loop loop, String classpath) {
        this.home = home;
        this.loop = loop;
        this.registry = new Registry(loop, home, classpath);
    }

    public static void main(String[] args) throws Exception {
        Home home = Home.resolve(System.getenv());
        home.create();
        FileChannel lockChannel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            System.err.println("shallot daemon: another daemon holds " + home.lockFile() + "; exiting");
            System.exit(0);
        }
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("shallot-daemon").withBlockedThresholdMs(2000));
        // the CLI's classpath, for apps that name none; the daemon itself runs on a few of its jars
        String appClasspath = System.getProperty("shallot.classpath", "");
        Daemon daemon = new Daemon(home, loop, appClasspath.isBlank() ? System.getProperty("java.class.path") : appClasspath);
        CompletableFuture<Void> bound = new CompletableFuture<>();
        loop.execute(() -> daemon.listen(bound));
        bound.get(10, TimeUnit.SECONDS);
        Files.writeString(home.pidFile(), Long.toString(ProcessHandle.current().pid()));
        ShutdownHooks.add("shallot-daemon-shutdown", () -> daemon.shutdown(false));
        LOG.info("shallot daemon {} started, pid {}, home {}", VERSION, ProcessHandle.current().pid(), home.root());
        System.err.println("shallot daemon started, pid " + ProcessHandle.current().pid() + ", home " + home.root());
        daemon.ended.await();
        lock.release();
        System.exit(0);
    }

    private void listen(CompletableFuture<Void> bound) {
        try {
            Files.deleteIfExists(home.socket());
        } catch (IOException e) {
            bound.completeExceptionally(e);
            return;
        }
        new ServerBootstrap()
                .group(loop.netty())
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Frames.decoder(ch.pipeline());
                        ch.pipeline().addLast(new Requests());
                    }
                })
                .bind(new DomainSocketAddress(home.socket().toFile()))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        control = ((ChannelFuture) f).channel();
                        loop.setInterval(() -> registry.sample(System.nanoTime()), 1000);
                        bound.complete(null);
                    } else {
                        bound.completeExceptionally(f.cause());
                    }
                });
    }

    /** Stops every app, then the control socket and the loop; the main thread then exits. */
    private void shutdown(boolean fromKill) {
        if (stopping) {
            if (!fromKill) {
                awaitEnd();
            }
            return;
        }
        stopping = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loop.execute(() -> registry.stopAll().whenComplete((v, e) -> stopped.complete(null)));
        try {
            stopped.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("apps did not all stop in time: {}", e.toString());
        }
        loop.execute(() -> {
            if (control != null) {
                control.close();
            }
        });
        try {
            Files.deleteIfExists(home.socket());
            Files.deleteIfExists(home.pidFile());
        } catch (IOException e) {
            LOG.debug("cleanup", e);
        }
        LOG.info("shallot daemon stopped");
        loop.shutdown();
        ended.countDown();
    }

    private void awaitEnd() {
        try {
            ended.await(70, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<?> handle(Map<String, Object> req) throws IOException {
        String cmd = Json.text(req, "cmd");
        String target = req.get("target") instanceof String s ? s : null;
        return switch (cmd) {
            case "ping" -> done(Json.fields("pid", ProcessHandle.current().pid(), "version", VERSION,
                    "home", home.root().toString()));
            case "start" -> registry.start(AppSpecJson.readAll(req.get("apps")));
            case "start-existing" -> registry.startExisting(target);
            case "stop" -> registry.stop(target);
            case "restart" -> registry.restart(target);
            case "reload" -> registry.reload(target);
            case "delete" -> registry.delete(target);
            case "list" -> done(registry.list());
            case "describe" -> done(registry.describe(target));
            case "save" -> done(registry.save());
            case "resurrect" -> registry.resurrect();
            case "kill" -> done(Json.fields("pid", ProcessHandle.current().pid()));
            default -> CompletableFuture.failedFuture(new IllegalArgumentException("unknown command '" + cmd + "'"));
        };
    }

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }

    private final class Requests extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Map<String, Object> req;
            CompletableFuture<?> result;
            try {
                req = Frames.parse(frame);
                result = stopping ? CompletableFuture.failedFuture(new IllegalStateException("the daemon is shutting down"))
                        : handle(req);
            } catch (IOException | RuntimeException e) {
                req = Map.of();
                result = CompletableFuture.failedFuture(e);
            }
            boolean kill = Json.text(req, "cmd").equals("kill");
            if (kill && !stopping) {
                // answer only once every app has stopped, then end the daemon
                result = registry.stopAll().thenCompose(v -> done(Json.fields("pid", ProcessHandle.current().pid())));
            }
            result.whenComplete((value, error) -> loop.execute(() -> {
                Map<String, Object> reply;
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    reply = Json.fields("ok", false, "error", cause.getMessage() != null ? cause.getMessage() : cause.toString());
                    if (!(cause instanceof IllegalArgumentException || cause instanceof IllegalStateException)) {
                        LOG.warn("request {} failed", cmd(ctx), cause);
                    }
                } else {
                    reply = Json.fields("ok", true, "data", value);
                }
                ByteBuf bytes;
                try {
                    bytes = Frames.encode(ctx.alloc(), reply);
                } catch (IllegalArgumentException e) {
                    // a value JSON cannot hold (NaN): the CLI still gets an answer rather than a hanging connection
                    LOG.warn("cannot encode the reply to {}", cmd(ctx), e);
                    bytes = Frames.encode(ctx.alloc(), Json.fields("ok", false, "error", "the daemon could not encode its reply: "
                            + e.getMessage()));
                }
                var f = ctx.writeAndFlush(bytes);
                if (kill) {
                    f.addListener(ChannelFutureListener.CLOSE).addListener(x -> Thread.ofPlatform().start(() -> shutdown(true)));
                }
            }));
        }

        private String cmd(ChannelHandlerContext ctx) {
            return ctx.channel().toString();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection failed", cause);
            ctx.close();
        }
    }
}
