package io.shallot.loop;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Which Netty transport the loops use, chosen once per process by the system property
 * {@value #PROPERTY}:
 * <ul>
 *   <li>{@code auto} (the default): native epoll on Linux when it loads, NIO otherwise;</li>
 *   <li>{@code io_uring}: Netty's io_uring transport. A loop turn hands the kernel its sends and
 *       receives and collects their completions in one system call, where epoll makes one per socket
 *       operation, so it pays where entering the kernel is dear (bench/README.md measures it on a VM
 *       with page-table isolation). It needs Linux 5.9 or later with io_uring allowed (many container
 *       seccomp profiles forbid it). Two differences from epoll: a socket's {@code close} is itself a
 *       submission, so in the {@code net} module a closed socket's 'close' event can come a turn later
 *       than Node emits it (as with NIO); and cluster mode, which hands accepted sockets to workers as
 *       epoll channels, needs epoll;</li>
 *   <li>{@code epoll}, {@code nio}: that transport.</li>
 * </ul>
 * A native transport that cannot be used here is logged at WARN, with the reason, and the next one
 * down is used (io_uring, epoll, NIO), so one setting can serve every machine. Any other value fails
 * the first use of this class with an {@link IllegalArgumentException} naming the values. The older
 * {@code -Dshallot.nio=true} still means {@code nio}.
 */
public final class Transport {
    public static final String PROPERTY = "shallot.transport";

    /** The transports, in the order a fallback goes down. */
    public enum Kind {
        IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final Kind KIND = choose(
            Boolean.getBoolean("shallot.nio") ? "nio" : System.getProperty(PROPERTY, "auto"),
            Transport::ioUringProblem, Epoll::unavailabilityCause,
            message -> LoggerFactory.getLogger(Transport.class).warn(message));

    private Transport() {
    }

    /** The transport of this process's loops. */
    public static Kind kind() {
        return KIND;
    }

    public static boolean isEpoll() {
        return KIND == Kind.EPOLL;
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return switch (KIND) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return switch (KIND) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    static IoHandlerFactory ioHandlerFactory() {
        return switch (KIND) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /** Why io_uring cannot be used, or null; a class path without Netty's io_uring jars (the daemon's) is a why. */
    private static Throwable ioUringProblem() {
        try {
            return IoUring.unavailabilityCause();
        } catch (LinkageError e) {
            return e;
        }
    }

    /**
     * The transport for a setting: the one asked for, or the next one down that is available, with
     * a {@code warning} saying why. Each supplier gives why that native transport cannot be used, or
     * null if it can (as Netty's {@code unavailabilityCause()} does).
     *
     * @throws IllegalArgumentException for a setting that names no transport
     */
    static Kind choose(String setting, Supplier<Throwable> ioUringProblem, Supplier<Throwable> epollProblem,
            Consumer<String> warning) {
        Throwable noEpoll = epollProblem.get();
        Kind best = noEpoll == null ? Kind.EPOLL : Kind.NIO;
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> best;
            case "nio" -> Kind.NIO;
            case "epoll" -> {
                if (noEpoll != null) {
                    warning.accept(PROPERTY + "=epoll: native epoll cannot be used here (" + noEpoll + "); using nio");
                }
                yield best;
            }
            case "io_uring" -> {
                Throwable noIoUring = ioUringProblem.get();
                if (noIoUring == null) {
                    yield Kind.IO_URING;
                }
                warning.accept(PROPERTY + "=io_uring: io_uring cannot be used here (" + noIoUring + "); using " + best);
                yield best;
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be one of auto, io_uring, epoll, nio; got '"
                    + setting + "'");
        };
    }
}
