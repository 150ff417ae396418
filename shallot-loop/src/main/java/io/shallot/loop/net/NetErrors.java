package io.shallot.loop.net;

import io.netty.channel.ConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Maps a Java/Netty I/O failure to Node's code and message (libuv's uv_strerror texts). */
final class NetErrors {
    private static final String[][] CODES = {
        // fragment of the JDK/Netty message (strerror), code, libuv's description
        {"connection refused", "ECONNREFUSED", "connection refused"},
        {"connection reset", "ECONNRESET", "connection reset by peer"},
        {"broken pipe", "EPIPE", "broken pipe"},
        {"address already in use", "EADDRINUSE", "address already in use"},
        {"cannot assign requested address", "EADDRNOTAVAIL", "address not available"},
        {"permission denied", "EACCES", "permission denied"},
        {"timed out", "ETIMEDOUT", "connection timed out"},
        {"no route to host", "EHOSTUNREACH", "host is unreachable"},
        {"network is unreachable", "ENETUNREACH", "network is unreachable"},
        {"not connected", "ENOTCONN", "socket is not connected"},
        {"too many open files", "EMFILE", "too many open files"},
        {"connection abort", "ECONNABORTED", "software caused connection abort"},
    };

    private NetErrors() {
    }

    /** {@code connect ECONNREFUSED 127.0.0.1:4000}, {@code read ECONNRESET}: Node's errnoException style. */
    static NetException of(Throwable cause, String syscall, String address, int port) {
        String[] row = classify(cause);
        String where = address == null ? "" : " " + address + (port >= 0 ? ":" + port : "");
        return new NetException(row[1], syscall, address, port, syscall + " " + row[1] + where, cause);
    }

    static NetException of(Throwable cause, String syscall) {
        return of(cause, syscall, null, -1);
    }

    /** {@code listen EADDRINUSE: address already in use 127.0.0.1:4000}: Node's uvException style. */
    static NetException listen(Throwable cause, String address, int port) {
        String[] row = classify(cause);
        return new NetException(row[1], "listen", address, port,
                "listen " + row[1] + ": " + row[2] + " " + address + ":" + port, cause);
    }

    private static String[] classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectTimeoutException) {
                return CODES[6];
            }
            if (t instanceof ClosedChannelException) {
                // Netty fails writes on a channel it already closed (peer reset) without an errno.
                return CODES[2];
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String[] row : CODES) {
                    if (lower.contains(row[0])) {
                        return row;
                    }
                }
            }
        }
        return new String[] {"", "UNKNOWN", "unknown error"};
    }
}
