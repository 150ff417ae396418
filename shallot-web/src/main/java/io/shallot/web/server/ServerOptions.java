package io.shallot.web.server;

/**
 * Settings of an {@link HttpServer}; every limit has a default and the answer it produces.
 *
 * @param host               address to bind (default 0.0.0.0)
 * @param port               port to bind; 0 picks a free one (default 0)
 * @param loops              event loops, one thread each (default: one per core)
 * @param maxRequestLineBytes request line longer than this: 414, then close (default 8192)
 * @param maxHeaderBytes     request headers larger than this: 431, then close (default 16384)
 * @param maxBodyBytes       body larger than this: 413 before a byte of it is buffered when
 *                           Content-Length says so, else as soon as it is exceeded; then close
 *                           (default 1 MiB)
 * @param idleTimeoutMs      after connecting or answering, the next request (head and body) must
 *                           have arrived within this time, else the connection is closed: idle
 *                           keep-alive, slowloris and slow bodies alike (default 30000)
 * @param requestTimeoutMs   a request whose chain has not settled by then is answered 503 with
 *                           the envelope and the connection closed (default 30000)
 * @param shutdownTimeoutMs  {@link HttpServer#close()} lets in-flight requests finish this long
 *                           (default 10000)
 * @param backlog            accept backlog (default 1024)
 * @param compressionThresholdBytes responses at least this large are gzip/deflate-compressed when
 *                           the client accepts it (default 1024; -1 turns compression off)
 */
public record ServerOptions(
        String host,
        int port,
        int loops,
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxBodyBytes,
        long idleTimeoutMs,
        long requestTimeoutMs,
        long shutdownTimeoutMs,
        int backlog,
        int compressionThresholdBytes) {

    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (loops < 1 || maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxBodyBytes < 0
                || idleTimeoutMs < 1 || requestTimeoutMs < 1 || shutdownTimeoutMs < 0 || backlog < 1) {
            throw new IllegalArgumentException("invalid server options: " + ServerOptions.class.getSimpleName()
                    + "[loops>=1, maxRequestLineBytes>=64, maxHeaderBytes>=256, maxBodyBytes>=0, timeouts>=1, backlog>=1]"
                    + " but got loops=" + loops + ", maxRequestLineBytes=" + maxRequestLineBytes + ", maxHeaderBytes="
                    + maxHeaderBytes + ", maxBodyBytes=" + maxBodyBytes + ", idleTimeoutMs=" + idleTimeoutMs
                    + ", requestTimeoutMs=" + requestTimeoutMs + ", backlog=" + backlog);
        }
    }

    public static ServerOptions defaults() {
        return new ServerOptions("0.0.0.0", 0, Runtime.getRuntime().availableProcessors(), 8192, 16384,
                1024 * 1024, 30_000, 30_000, 10_000, 1024, 1024);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withLoops(int loops) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withMaxRequestLineBytes(int bytes) {
        return new ServerOptions(host, port, loops, bytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withMaxHeaderBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, bytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withMaxBodyBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, bytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withIdleTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, ms, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withRequestTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, ms, shutdownTimeoutMs, backlog, compressionThresholdBytes);
    }

    public ServerOptions withCompressionThresholdBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, bytes);
    }

    public ServerOptions withShutdownTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, ms, backlog, compressionThresholdBytes);
    }
}
