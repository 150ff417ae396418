package io.shallot.cluster.launch;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.internal.Frames;
import io.shallot.cluster.internal.Json;
import io.shallot.loop.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode, node's way: the daemon listens on the app's port and hands each accepted
 * connection, as a file descriptor over the worker's Unix socket, to the ready worker holding the
 * fewest connections. A replacement gets connections only once admitted (ready); a retired worker
 * gets none, so nothing waits in a dying worker's backlog: while no worker is admitted,
 * connections wait in the daemon's own backlog. Linux only (epoll: fd passing needs SCM_RIGHTS).
 */
final class ClusterLauncher implements WorkerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);
    private static final int MAX_PENDING = 1024;
    /** Enough to load and link the request path; the JIT needs thousands and gets them from real traffic. */
    private static final int WARM_UP_REQUESTS = 10;
    private final AppSpec spec;
    private final LaunchContext context;
    private final List<Worker> rotation = new ArrayList<>();
    private final ArrayDeque<Channel> pending = new ArrayDeque<>();
    private EpollServerSocketChannel listener;
    private int cursor;

    ClusterLauncher(AppSpec spec, LaunchContext context) {
        this.spec = spec;
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> open() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!Transport.isEpoll()) {
            done.completeExceptionally(new IOException("cluster mode needs Linux with Netty's native epoll transport"
                    + " (it passes sockets between processes), and the daemon runs on " + Transport.kind()
                    + "; use exec_mode: fork here"));
            return done;
        }
        if (listener != null && listener.isOpen()) {
            done.complete(null);
            return done;
        }
        EpollServerSocketChannel ch = new EpollServerSocketChannel();
        ch.config().setBacklog(1024).setReuseAddress(true).setAutoRead(false);
        ch.config().setOption(ChannelOption.SO_REUSEADDR, true);
        ch.pipeline().addLast(new Acceptor());
        listener = ch;
        ((EventLoopGroup) context.loop().netty()).register(ch).addListener(reg -> {
            if (!reg.isSuccess()) {
                done.completeExceptionally(reg.cause());
                return;
            }
            ch.bind(new InetSocketAddress(spec.host(), spec.port())).addListener(bound -> {
                if (bound.isSuccess()) {
                    done.complete(null);
                } else {
                    ch.close();
                    done.completeExceptionally(new IOException("cannot listen on " + spec.host() + ":" + spec.port()
                            + " for cluster app '" + spec.name() + "': " + bound.cause().getMessage(), bound.cause()));
                }
            });
        });
        return done;
    }

    @Override
    public Worker launch(int instance, int id) throws IOException {
        String port = Integer.toString(spec.port());
        // PORT too (node's convention), unless the app's env sets it: the app then serves the cluster port as is
        Map<String, String> env = spec.env().containsKey("PORT") ? Map.of("SHALLOT_CLUSTER_PORT", port)
                : Map.of("SHALLOT_CLUSTER_PORT", port, "PORT", port);
        return Spawner.spawn(spec, context, instance, id, env);
    }

    @Override
    public boolean ready(Worker worker) {
        return worker.listening && worker.fds != null && (!spec.waitReady() || worker.signalled);
    }

    @Override
    public CompletableFuture<Integer> warm(Worker worker) {
        CompletableFuture<Integer> onLoop = new CompletableFuture<>();
        WarmUp.run(context.loop(), worker, WARM_UP_REQUESTS).whenComplete((n, e) -> context.loop().execute(() -> {
            if (e != null) {
                onLoop.completeExceptionally(e);
            } else {
                onLoop.complete(n);
            }
        }));
        return onLoop;
    }

    @Override
    public void admit(Worker worker) {
        if (!rotation.contains(worker)) {
            rotation.add(worker);
        }
        while (!pending.isEmpty() && pick() != null) {
            dispatch(pending.poll(), 0);
        }
        if (listener != null && listener.isOpen()) {
            listener.config().setAutoRead(true);
        }
    }

    @Override
    public void retire(Worker worker) {
        rotation.remove(worker);
        if (rotation.isEmpty() && listener != null) {
            listener.config().setAutoRead(false);
        }
    }

    @Override
    public void stop(Worker worker) {
        Channel control = worker.control;
        if (control != null && control.isActive()) {
            control.writeAndFlush(Frames.encode(control.alloc(),
                    Json.fields("type", "drain", "sent", worker.sent)));
        } else {
            worker.terminate();
        }
    }

    @Override
    public String reloadRefusal() {
        return null;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        pending.forEach(ClusterLauncher::discard);
        pending.clear();
    }

    /** The admitted worker with the fewest connections; ties go round the rotation. */
    private Worker pick() {
        Worker best = null;
        int n = rotation.size();
        for (int i = 0; i < n; i++) {
            Worker w = rotation.get((cursor + i) % n);
            Channel fds = w.fds;
            if (fds != null && fds.isActive() && (best == null || w.load() < best.load())) {
                best = w;
            }
        }
        cursor = n == 0 ? 0 : (cursor + 1) % n;
        return best;
    }

    private void dispatch(Channel child, int attempt) {
        Worker w = pick();
        if (w == null || attempt > rotation.size()) {
            if (pending.size() < MAX_PENDING && listener != null) {
                pending.add(child);
                listener.config().setAutoRead(false);
            } else {
                discard(child);
            }
            return;
        }
        w.sent++;
        w.fds.writeAndFlush(((EpollSocketChannel) child).fd()).addListener(f -> {
            if (f.isSuccess()) {
                discard(child);
            } else {
                w.sent--;
                LOG.debug("{}: handing a connection over failed, trying another worker", w, f.cause());
                dispatch(child, attempt + 1);
            }
        });
    }

    /** Closes our copy of the descriptor; the worker holds its own. */
    private static void discard(Channel child) {
        child.unsafe().closeForcibly();
    }

    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            dispatch((Channel) msg, 0);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("cluster app '{}': accept failed: {}", spec.name(), cause.toString());
        }
    }
}
