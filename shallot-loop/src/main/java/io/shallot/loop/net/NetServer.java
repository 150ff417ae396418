package io.shallot.loop.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A TCP server: Node's {@code net.Server}.
 *
 * <p>Events, in Node's order: {@code 'listening'} on a tick after the bind; one
 * {@code 'connection'} per accepted socket, in the poll phase; {@code 'error'} on a tick (e.g.
 * {@code listen EADDRINUSE: address already in use 127.0.0.1:4000}); {@code 'close'} on a tick
 * once {@link #close} was called and the last connection has been destroyed. With no error
 * listener an error is reported as uncaught, as Node throws it.
 *
 * <p>Life: a listening server keeps {@link Loop#run} alive until it is closed, unless
 * {@link #unref() unref'd}; each accepted {@link NetSocket} holds the loop on its own.
 *
 * <p>Threading: loop-thread only, like every loop API; callbacks run on the loop thread.
 */
public final class NetServer {
    private static final int BACKLOG = 511;

    private final Loop loop;
    private final Listeners<NetSocket> connectionListeners = new Listeners<>();
    private final Listeners<Void> listeningListeners = new Listeners<>();
    private final Listeners<Void> closeListeners = new Listeners<>();
    private final Listeners<Throwable> errorListeners = new Listeners<>();
    private ServerSocketChannel channel;
    private KeepAlive hold;
    private boolean refed = true;
    private int listenId;
    private int port = -1;
    private int connections;

    NetServer(Loop loop, Consumer<NetSocket> onConnection) {
        this.loop = loop;
        if (onConnection != null) {
            connectionListeners.on(onConnection);
        }
    }

    /**
     * Binds and listens: {@code port} 0 picks an ephemeral port, {@code host} null means every
     * interface. {@code onListening} runs once, on a tick after the bind (Node's
     * {@code 'listening'}); a failed bind goes to {@link #onError} on a tick instead.
     *
     * <p>As in Node, a later {@code listen} or {@link #close} made before the bind supersedes this
     * one: its bind does not happen.
     *
     * @throws NetException ERR_SERVER_ALREADY_LISTEN when already listening
     * @throws IllegalArgumentException for a port outside 0..65535
     */
    public NetServer listen(int port, String host, Runnable onListening) {
        Net.checkThread(loop, "listen");
        Net.checkPort(port);
        if (channel != null) {
            throw new NetException("ERR_SERVER_ALREADY_LISTEN",
                    "Listen method has been called more than once without closing.");
        }
        if (onListening != null) {
            listeningListeners.once(v -> onListening.run());
        }
        int id = ++listenId;
        Hosts.lookup(loop, host, (error, address) -> {
            if (id != listenId) {
                return;
            }
            if (error != null) {
                emitError(error);
            } else {
                bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
            }
        });
        return this;
    }

    private void bind(InetSocketAddress local) {
        ServerSocketChannel ch = new ReflectiveChannelFactory<>(Transport.serverChannel()).newChannel();
        ch.config().setOption(ChannelOption.SO_BACKLOG, BACKLOG);
        ch.config().setOption(ChannelOption.SO_REUSEADDR, true);
        ch.pipeline().addLast(new AcceptHandler());
        String address = Hosts.format(local.getAddress());
        Net.register(loop, ch).addListener(registered -> {
            if (registered.isSuccess()) {
                ch.bind(local).addListener(bound -> afterBind(ch, bound.cause(), address, local.getPort()));
            } else {
                afterBind(ch, registered.cause(), address, local.getPort());
            }
        });
    }

    private void afterBind(ServerSocketChannel ch, Throwable failure, String address, int requestedPort) {
        if (failure != null) {
            ch.close();
            NetException error = NetErrors.listen(failure, address, requestedPort);
            loop.nextTick(() -> emitError(error));
            return;
        }
        channel = ch;
        port = ch.localAddress().getPort();
        if (refed) {
            hold = loop.keepAlive();
        }
        loop.nextTick(() -> {
            if (channel == ch) {
                listeningListeners.emit(null);
            }
        });
    }

    /** The bound port, or -1 when not listening (Node's {@code server.address().port}). */
    public int port() {
        Net.checkThread(loop, "port");
        return channel == null ? -1 : port;
    }

    /** Node's {@code server.listening}: bound and not closed. */
    public boolean isListening() {
        Net.checkThread(loop, "isListening");
        return channel != null;
    }

    /** Open connections accepted by this server (destroyed ones no longer count). */
    public int connections() {
        Net.checkThread(loop, "connections");
        return connections;
    }

    /** Adds a {@code 'connection'} listener. */
    public NetServer onConnection(Consumer<NetSocket> listener) {
        Net.checkThread(loop, "onConnection");
        connectionListeners.on(listener);
        return this;
    }

    /** Adds an {@code 'error'} listener. */
    public NetServer onError(Consumer<Throwable> listener) {
        Net.checkThread(loop, "onError");
        errorListeners.on(listener);
        return this;
    }

    /** Adds a {@code 'close'} listener: after {@link #close} once every connection is destroyed. */
    public NetServer onClose(Runnable listener) {
        Net.checkThread(loop, "onClose");
        closeListeners.on(v -> listener.run());
        return this;
    }

    /** {@code server.close()}: stops accepting now; open connections are left alone. */
    public NetServer close() {
        return close((Consumer<Throwable>) null);
    }

    /**
     * {@code server.close(cb)}: stops accepting now; {@code onClosed} runs with the
     * {@code 'close'} event, on a tick: right away when no connection is open, otherwise right
     * after the last one is destroyed (so before that socket's own {@code 'close'}, as in Node
     * 20). Like a JS callback that ignores its argument, it also runs when the server was not
     * listening.
     */
    public NetServer close(Runnable onClosed) {
        return close(onClosed == null ? null : error -> onClosed.run());
    }

    /** As {@link #close(Runnable)}; the callback gets null, or ERR_SERVER_NOT_RUNNING when the server was not listening. */
    public NetServer close(Consumer<Throwable> onClosed) {
        Net.checkThread(loop, "close");
        listenId++;
        if (onClosed != null) {
            if (channel == null) {
                closeListeners.once(v -> onClosed.accept(new NetException("ERR_SERVER_NOT_RUNNING", "Server is not running.")));
            } else {
                closeListeners.once(v -> onClosed.accept(null));
            }
        }
        if (channel != null) {
            channel.close();
            channel = null;
            KeepAlive held = hold;
            hold = null;
            if (held != null) {
                // libuv frees a closed handle in the close-callbacks phase; until then it holds the loop.
                loop.onClose(held::close);
            }
        }
        emitCloseIfDrained();
        return this;
    }

    /** Lets {@link Loop#run} end while this server listens (its connections still hold the loop). */
    public NetServer unref() {
        Net.checkThread(loop, "unref");
        refed = false;
        if (hold != null) {
            hold.close();
            hold = null;
        }
        return this;
    }

    public NetServer ref() {
        Net.checkThread(loop, "ref");
        refed = true;
        if (hold == null && channel != null) {
            hold = loop.keepAlive();
        }
        return this;
    }

    void connectionDestroyed() {
        connections--;
        emitCloseIfDrained();
    }

    private void emitCloseIfDrained() {
        if (channel == null && connections == 0) {
            loop.nextTick(() -> closeListeners.emit(null));
        }
    }

    private void emitError(Throwable error) {
        if (errorListeners.isEmpty()) {
            throw NetSocket.unhandled(error);
        }
        errorListeners.emit(error);
    }

    private void accept(Channel child) {
        if (channel == null) {
            child.unsafe().closeForcibly();
            return;
        }
        child.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        NetSocket socket = new NetSocket(loop, this, child);
        ChannelFuture registered = Net.register(loop, child);
        if (registered.isDone() && !registered.isSuccess()) {
            child.unsafe().closeForcibly();
            socket.abandon();
            loop.invoke(() -> emitError(NetErrors.of(registered.cause(), "accept")));
            return;
        }
        connections++;
        loop.invoke(() -> connectionListeners.emit(socket));
    }

    /** The server channel's only handler: each accepted channel becomes a {@code 'connection'}. */
    private final class AcceptHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                if (ctx.executor().isShuttingDown()) {
                    child.unsafe().closeForcibly();
                } else {
                    accept(child);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.executor().isShuttingDown()) {
                return;
            }
            // As Netty's ServerBootstrapAcceptor: pause accepting for a second so EMFILE does not spin the loop.
            Channel server = ctx.channel();
            if (server.config().isAutoRead()) {
                server.config().setAutoRead(false);
                ctx.executor().schedule(() -> server.config().setAutoRead(true), 1, TimeUnit.SECONDS);
            }
            loop.invoke(() -> emitError(NetErrors.of(cause, "accept")));
        }
    }
}
