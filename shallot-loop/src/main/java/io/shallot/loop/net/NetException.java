package io.shallot.loop.net;

/**
 * A socket failure with Node's error code and Node's message: {@code connect ECONNREFUSED
 * 127.0.0.1:4000}, {@code listen EADDRINUSE: address already in use 127.0.0.1:4000},
 * {@code read ECONNRESET}, {@code write EPIPE}, {@code getaddrinfo ENOTFOUND example.invalid}, or
 * a stream-state error such as {@code ERR_STREAM_WRITE_AFTER_END} and {@code ERR_SERVER_NOT_RUNNING}.
 *
 * <p>Immutable; safe to pass between threads.
 */
public final class NetException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String syscall;
    private final String address;
    private final int port;

    NetException(String code, String syscall, String address, int port, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.syscall = syscall;
        this.address = address;
        this.port = port;
    }

    NetException(String code, String message) {
        this(code, null, null, -1, message, null);
    }

    /** Node's {@code err.code}, e.g. {@code ECONNREFUSED}. */
    public String code() {
        return code;
    }

    /** The failed system call ({@code connect}, {@code listen}, {@code read}, ...), or null. */
    public String syscall() {
        return syscall;
    }

    /** The address involved, or null. */
    public String address() {
        return address;
    }

    /** The port involved, or -1. */
    public int port() {
        return port;
    }
}
