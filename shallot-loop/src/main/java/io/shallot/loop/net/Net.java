package io.shallot.loop.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.shallot.loop.Loop;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Node's {@code net} module on a {@link Loop}: TCP servers and client sockets whose events are
 * delivered in Node's order (I/O callbacks in the poll phase with ticks and microtasks drained
 * after each, {@code 'close'} in the close-callbacks phase, {@code 'listening'} and errors on
 * ticks).
 *
 * <p>Threading: call these factories on the loop's thread, like every method of {@link NetServer}
 * and {@link NetSocket}; all their callbacks run on that thread.
 */
public final class Net {
    private Net() {
    }

    /** {@code net.createServer(onConnection)}: call {@link NetServer#listen} to start accepting. */
    public static NetServer createServer(Loop loop, Consumer<NetSocket> onConnection) {
        checkThread(loop, "Net.createServer");
        return new NetServer(loop, onConnection);
    }

    public static NetServer createServer(Loop loop) {
        return createServer(loop, null);
    }

    /**
     * {@code net.connect(port, host, onConnect)}: returns at once; the connection is made after a
     * tick (an IP literal) or a lookup off the loop (a name; {@code null} means localhost).
     * {@code onConnect} runs once, in the poll phase, when the connection is established; failures
     * go to {@link NetSocket#onError} followed by {@link NetSocket#onClose} with {@code true}.
     *
     * @throws IllegalArgumentException when {@code port} is outside 0..65535 (Node's ERR_SOCKET_BAD_PORT)
     */
    public static NetSocket connect(Loop loop, int port, String host, Runnable onConnect) {
        checkThread(loop, "Net.connect");
        checkPort(port);
        NetSocket socket = new NetSocket(loop);
        socket.connect(port, host == null ? "localhost" : host, onConnect);
        return socket;
    }

    /** Registers {@code channel} on the loop; synchronous, as it is called on the loop's thread. */
    static ChannelFuture register(Loop loop, Channel channel) {
        // Through EventLoop, as Netty's bootstraps do: IoEventLoopGroup deprecates this overload for raw IoHandles.
        EventLoop eventLoop = loop.netty();
        return eventLoop.register(channel);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ERR_SOCKET_BAD_PORT: Port should be >= 0 and < 65536. Received " + port + ".");
        }
    }

    static void checkThread(Loop loop, String what) {
        Objects.requireNonNull(loop, "loop");
        if (!loop.inLoop()) {
            throw new IllegalStateException(what + "() must be called on the loop thread " + loop.name()
                    + ", not on " + Thread.currentThread().getName() + "; hop onto the loop with loop.execute(...)");
        }
    }
}
