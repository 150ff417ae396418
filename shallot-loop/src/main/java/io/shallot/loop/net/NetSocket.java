package io.shallot.loop.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A TCP connection: Node's {@code net.Socket} with its defaults ({@code allowHalfOpen: false},
 * {@code autoDestroy: true}).
 *
 * <p>Events, in Node's order:
 * <ul>
 *   <li>{@code 'connect'} (client sockets) and {@code 'data'}: in the poll phase, one per read;
 *   <li>{@code 'end'}: on a tick after the peer's FIN, once buffered data is delivered; this side
 *       then ends itself on the next tick, so {@code 'end'} handlers may still write;
 *   <li>{@code 'error'}: on a tick after the failure, with a {@link NetException}
 *       ({@code connect ECONNREFUSED 127.0.0.1:4000}, {@code read ECONNRESET}, ...); with no
 *       error listener it is reported as uncaught, as Node throws it;
 *   <li>{@code 'close'}: once, in the close-callbacks phase after {@link #destroy} (explicit, on
 *       error, or automatic once both directions have ended), with {@code hadError}.
 * </ul>
 * Until a data listener is added, received data is buffered (reading pauses at 16 KiB) and
 * {@code 'end'} waits for it, as in a Node stream that is not flowing.
 *
 * <p>Life: a socket keeps {@link Loop#run} alive from creation until {@code 'close'}, unless
 * {@link #unref() unref'd}.
 *
 * <p>Threading: loop-thread only; every callback runs on the loop thread. Received bytes are
 * copied out of Netty's buffers, which are released at once; written arrays are copied too.
 */
public final class NetSocket {
    private static final int HIGH_WATER_MARK = 16 * 1024;

    private final Loop loop;
    private final NetServer server;
    private final Listeners<Void> connectListeners = new Listeners<>();
    private final Listeners<byte[]> dataListeners = new Listeners<>();
    private final Listeners<Void> endListeners = new Listeners<>();
    private final Listeners<Void> drainListeners = new Listeners<>();
    private final Listeners<Throwable> errorListeners = new Listeners<>();
    private final Listeners<Boolean> closeListeners = new Listeners<>();
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int receivedBytes;
    private ArrayDeque<byte[]> unsent;
    private int unsentBytes;
    private Channel channel;
    private ChannelFuture lastWrite;
    private KeepAlive hold;
    private String remoteAddress;
    private int remotePort = -1;
    private int localPort = -1;
    private boolean connecting;
    private boolean flowing;
    private boolean readPaused;
    private boolean eof;
    private boolean endEmitted;
    private boolean writableEnded;
    private boolean finished;
    private boolean needDrain;
    private boolean destroyed;
    private boolean closed;

    /** A client socket; {@link #connect} follows. */
    NetSocket(Loop loop) {
        this.loop = loop;
        this.server = null;
        this.hold = loop.keepAlive();
    }

    /** A socket accepted by {@code server}, not yet registered. */
    NetSocket(Loop loop, NetServer server, Channel channel) {
        this.loop = loop;
        this.server = server;
        this.hold = loop.keepAlive();
        attach(channel);
        remember(channel);
    }

    // ---------------------------------------------------------------- listeners

    /** Adds a {@code 'data'} listener; the first one starts the flow of buffered and new data. */
    public NetSocket onData(Consumer<byte[]> listener) {
        Net.checkThread(loop, "onData");
        dataListeners.on(Objects.requireNonNull(listener, "listener"));
        if (!flowing) {
            flowing = true;
            if (!received.isEmpty()) {
                loop.nextTick(this::flow);
            }
        }
        return this;
    }

    /** Adds an {@code 'end'} listener: the peer has ended its side (sent FIN). */
    public NetSocket onEnd(Runnable listener) {
        Net.checkThread(loop, "onEnd");
        Objects.requireNonNull(listener, "listener");
        endListeners.on(v -> listener.run());
        return this;
    }

    /** Adds a {@code 'close'} listener, called with {@code hadError} in the close-callbacks phase. */
    public NetSocket onClose(Consumer<Boolean> listener) {
        Net.checkThread(loop, "onClose");
        closeListeners.on(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds an {@code 'error'} listener; {@code 'close'} with {@code true} always follows. */
    public NetSocket onError(Consumer<Throwable> listener) {
        Net.checkThread(loop, "onError");
        errorListeners.on(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a {@code 'drain'} listener: after {@link #write} returned false, the buffer has emptied. */
    public NetSocket onDrain(Runnable listener) {
        Net.checkThread(loop, "onDrain");
        Objects.requireNonNull(listener, "listener");
        drainListeners.on(v -> listener.run());
        return this;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Queues {@code data} (copied) for sending; before the connection is made it is held and sent
     * on connect. Returns false when the outgoing buffer is over its high-water mark: wait for
     * {@link #onDrain} before writing more. After {@link #end}, fails the socket with
     * ERR_STREAM_WRITE_AFTER_END (or EPIPE once the peer has ended), as Node does.
     */
    public boolean write(byte[] data) {
        Net.checkThread(loop, "write");
        Objects.requireNonNull(data, "data");
        if (writableEnded) {
            destroy(endEmitted
                    ? new NetException("EPIPE", "This socket has been ended by the other party")
                    : new NetException("ERR_STREAM_WRITE_AFTER_END", "write after end"));
            return false;
        }
        if (destroyed) {
            return false;
        }
        if (connecting) {
            if (unsent == null) {
                unsent = new ArrayDeque<>();
            }
            unsent.add(data.clone());
            unsentBytes += data.length;
            if (unsentBytes >= HIGH_WATER_MARK) {
                needDrain = true;
            }
            return !needDrain;
        }
        return send(data);
    }

    /** Writes {@code text} as UTF-8. */
    public boolean write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Ends this side (sends FIN once queued data is written). The socket closes by itself when the
     * peer has ended too; {@code 'close'} follows.
     */
    public void end() {
        Net.checkThread(loop, "end");
        if (writableEnded || destroyed) {
            return;
        }
        writableEnded = true;
        if (!connecting) {
            shutdownAfterWrites();
        }
    }

    /** {@code socket.end(data)}: writes {@code data}, then ends. */
    public void end(byte[] data) {
        write(data);
        end();
    }

    /** {@code socket.end(text)}: writes {@code text} as UTF-8, then ends. */
    public void end(String text) {
        write(text);
        end();
    }

    /** Closes the connection now; unsent data is dropped. {@code 'close'} follows with {@code false}. */
    public void destroy() {
        destroy(null);
    }

    /**
     * Closes the connection now; when {@code error} is not null it is emitted as {@code 'error'}
     * on a tick and {@code 'close'} gets {@code true}. A second call does nothing.
     */
    public void destroy(Throwable error) {
        Net.checkThread(loop, "destroy");
        if (destroyed) {
            return;
        }
        destroyed = true;
        connecting = false;
        unsent = null;
        received.clear();
        boolean hadError = error != null;
        if (channel != null) {
            channel.close();
        }
        // Node's handle.close(cb), even for a client still looking up its host (net.connect makes
        // the handle at once): 'close' comes from the close-callbacks phase.
        loop.onClose(() -> emitClose(hadError));
        if (error != null) {
            loop.nextTick(() -> emitError(error));
        }
        if (server != null) {
            server.connectionDestroyed();
        }
    }

    // ---------------------------------------------------------------- state

    /** The peer's port, or -1 before the connection is made (kept after close, as Node does). */
    public int remotePort() {
        Net.checkThread(loop, "remotePort");
        return remotePort;
    }

    /** The peer's address ({@code 127.0.0.1}, {@code ::1}), or null before the connection is made. */
    public String remoteAddress() {
        Net.checkThread(loop, "remoteAddress");
        return remoteAddress;
    }

    /** This side's port, or -1 before the connection is made. */
    public int localPort() {
        Net.checkThread(loop, "localPort");
        return localPort;
    }

    /** Whether {@link #destroy} has run (explicitly, on error, or automatically). */
    public boolean isDestroyed() {
        Net.checkThread(loop, "isDestroyed");
        return destroyed;
    }

    /** Lets {@link Loop#run} end while this socket is open. */
    public NetSocket unref() {
        Net.checkThread(loop, "unref");
        if (hold != null) {
            hold.close();
            hold = null;
        }
        return this;
    }

    public NetSocket ref() {
        Net.checkThread(loop, "ref");
        if (hold == null && !closed) {
            hold = loop.keepAlive();
        }
        return this;
    }

    // ---------------------------------------------------------------- internals

    void connect(int port, String host, Runnable onConnect) {
        connecting = true;
        if (onConnect != null) {
            connectListeners.once(v -> onConnect.run());
        }
        Hosts.lookup(loop, host, (error, address) -> {
            if (destroyed) {
                return;
            }
            if (error != null) {
                destroy(error);
            } else {
                open(address, port);
            }
        });
    }

    private void open(InetAddress address, int port) {
        SocketChannel ch = new ReflectiveChannelFactory<>(Transport.socketChannel()).newChannel();
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        attach(ch);
        String where = Hosts.format(address);
        ChannelFuture registered = Net.register(loop, ch);
        if (registered.isDone() && !registered.isSuccess()) {
            destroy(NetErrors.of(registered.cause(), "connect", where, port));
            return;
        }
        boolean[] inCall = {true};
        ch.connect(new InetSocketAddress(address, port)).addListener(f -> {
            Runnable done = () -> afterConnect(f, where, port);
            if (inCall[0]) {
                // libuv reports even an immediate result from the poll phase, never inside connect().
                loop.execute(done);
            } else {
                deliver(done);
            }
        });
        inCall[0] = false;
    }

    private void afterConnect(Future<?> result, String address, int port) {
        if (destroyed) {
            return;
        }
        if (!result.isSuccess()) {
            destroy(NetErrors.of(result.cause(), "connect", address, port));
            return;
        }
        connecting = false;
        remember(channel);
        ArrayDeque<byte[]> queued = unsent;
        unsent = null;
        unsentBytes = 0;
        if (queued != null) {
            for (byte[] data : queued) {
                send(data);
            }
        }
        if (writableEnded) {
            shutdownAfterWrites();
        }
        if (needDrain && channel.isWritable()) {
            loop.nextTick(this::onWritable);
        }
        connectListeners.emit(null);
    }

    /** Releases what a socket whose channel never got registered holds; no events follow. */
    void abandon() {
        destroyed = true;
        closed = true;
        unref();
    }

    private void attach(Channel ch) {
        channel = ch;
        ch.pipeline().addLast(new SocketHandler());
    }

    private void remember(Channel ch) {
        if (ch.remoteAddress() instanceof InetSocketAddress remote) {
            remoteAddress = Hosts.format(remote.getAddress());
            remotePort = remote.getPort();
        }
        if (ch.localAddress() instanceof InetSocketAddress local) {
            localPort = local.getPort();
        }
    }

    private boolean send(byte[] data) {
        ByteBuf buf = channel.alloc().buffer(data.length).writeBytes(data);
        ChannelFuture written = channel.writeAndFlush(buf);
        lastWrite = written;
        written.addListener(this::afterWrite);
        boolean belowMark = channel.isWritable();
        if (!belowMark) {
            needDrain = true;
        }
        return belowMark;
    }

    private void afterWrite(Future<?> result) {
        if (!result.isSuccess() && !destroyed) {
            deliver(() -> destroy(NetErrors.of(result.cause(), "write")));
        }
    }

    private void shutdownAfterWrites() {
        ChannelFuture last = lastWrite;
        if (last == null || last.isDone()) {
            shutdownOutput();
        } else {
            last.addListener(f -> {
                if (f.isSuccess()) {
                    shutdownOutput();
                }
            });
        }
    }

    private void shutdownOutput() {
        if (destroyed) {
            return;
        }
        ((SocketChannel) channel).shutdownOutput().addListener(f -> {
            if (f.isSuccess()) {
                // libuv completes a shutdown request as an I/O callback, never inside end().
                try {
                    loop.execute(this::afterShutdown);
                } catch (RejectedExecutionException ended) {
                    // the loop is gone; nobody is listening any more
                }
            } else if (!destroyed) {
                deliver(() -> destroy(NetErrors.of(f.cause(), "shutdown")));
            }
        });
    }

    /** Node's 'finish': with the readable side ended too, autoDestroy closes the socket. */
    private void afterShutdown() {
        if (destroyed) {
            return;
        }
        finished = true;
        if (endEmitted) {
            destroy(null);
        }
    }

    private void onRead(byte[] data) {
        if (destroyed || eof) {
            return;
        }
        if (flowing && received.isEmpty()) {
            dataListeners.emit(data);
            return;
        }
        received.add(data);
        receivedBytes += data.length;
        if (receivedBytes >= HIGH_WATER_MARK && !readPaused) {
            readPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    private void flow() {
        while (flowing && !destroyed && !received.isEmpty()) {
            byte[] data = received.poll();
            receivedBytes -= data.length;
            dataListeners.emit(data);
        }
        if (destroyed) {
            return;
        }
        if (readPaused && receivedBytes < HIGH_WATER_MARK) {
            readPaused = false;
            channel.config().setAutoRead(true);
        }
        if (eof && received.isEmpty()) {
            loop.nextTick(this::emitEnd);
        }
    }

    private void onEof() {
        if (destroyed || eof) {
            return;
        }
        eof = true;
        if (received.isEmpty()) {
            // Node's endReadable: 'end' is emitted on a tick after push(null).
            loop.nextTick(this::emitEnd);
        }
    }

    private void emitEnd() {
        if (destroyed || endEmitted) {
            return;
        }
        endEmitted = true;
        if (!writableEnded) {
            // allowHalfOpen: false. Duplex's own 'end' listener comes first and ends on the next tick.
            loop.nextTick(this::end);
        }
        endListeners.emit(null);
        if (finished && !destroyed) {
            destroy(null);
        }
    }

    private void onWritable() {
        if (needDrain && !destroyed) {
            needDrain = false;
            drainListeners.emit(null);
        }
    }

    private void emitError(Throwable error) {
        if (errorListeners.isEmpty()) {
            throw unhandled(error);
        }
        errorListeners.emit(error);
    }

    private void emitClose(boolean hadError) {
        if (closed) {
            return;
        }
        closed = true;
        if (hold != null) {
            hold.close();
            hold = null;
        }
        closeListeners.emit(hadError);
    }

    static RuntimeException unhandled(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new IllegalStateException("Unhandled 'error' event: " + error, error);
    }

    /** Runs a channel event as an I/O callback, unless the loop is shutting down. */
    private void deliver(Runnable event) {
        if (!loop.netty().isShuttingDown()) {
            loop.invoke(event);
        }
    }

    /** The socket channel's only handler: owns every inbound ByteBuf and turns events into loop callbacks. */
    private final class SocketHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            byte[] data;
            try {
                data = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            deliver(() -> onRead(data));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            try {
                if (event instanceof ChannelInputShutdownEvent) {
                    deliver(NetSocket.this::onEof);
                }
            } finally {
                ReferenceCountUtil.release(event);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                deliver(NetSocket.this::onWritable);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            deliver(() -> {
                if (!destroyed) {
                    destroy(NetErrors.of(cause, "read"));
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            deliver(() -> {
                if (!destroyed) {
                    destroy(null);
                }
            });
        }
    }
}
