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
 *                           keep-alive, slowloris and slow bodies alike; when request bodies are
 *                           streamed, the head only, as the body is read while the chain runs
 *                           (default 30000)
 * @param requestTimeoutMs   a request whose chain has not settled by then is answered 503 with
 *                           the envelope and the connection closed; a streamed response body is
 *                           not timed, its producer sets the pace (default 30000)
 * @param shutdownTimeoutMs  {@link HttpServer#close()} lets in-flight requests finish this long
 *                           (default 10000)
 * @param backlog            accept backlog (default 1024)
 * @param compressionThresholdBytes responses at least this large are gzip/deflate-compressed when
 *                           the client accepts it (default 1024; -1 turns compression off); a
 *                           streamed response body is compressed whatever its size
 * @param streamRequestBodies when false (the default) a request body is read in full before the
 *                           middleware runs and {@code ctx.body()} is available at once. When true
 *                           the middleware runs as soon as the request head has arrived (and passed
 *                           the Content-Length check) and reads the body with {@code ctx.readBody()}
 *                           or {@code ctx.bodyStream()}; {@code ctx.body()} throws until
 *                           {@code readBody()} has settled. {@code maxBodyBytes} still applies (413,
 *                           then close). {@code Expect: 100-continue} is answered when the body is
 *                           first asked for, never before. A body left unread when the response
 *                           has been sent is discarded: up to 64 KiB of it is read and dropped and
 *                           the connection is kept alive; a longer rest, or a body the client was
 *                           never told to send (no 100 Continue), closes the connection instead, so
 *                           no body byte is ever parsed as the next request
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
        int compressionThresholdBytes,
        boolean streamRequestBodies) {

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
                1024 * 1024, 30_000, 30_000, 10_000, 1024, 1024, false);
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withLoops(int loops) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withMaxRequestLineBytes(int bytes) {
        return new ServerOptions(host, port, loops, bytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withMaxHeaderBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, bytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withMaxBodyBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, bytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withIdleTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, ms, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withRequestTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, ms, shutdownTimeoutMs, backlog, compressionThresholdBytes, streamRequestBodies);
    }

    public ServerOptions withCompressionThresholdBytes(int bytes) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, bytes, streamRequestBodies);
    }

    public ServerOptions withStreamRequestBodies(boolean stream) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, shutdownTimeoutMs, backlog, compressionThresholdBytes, stream);
    }

    public ServerOptions withShutdownTimeoutMs(long ms) {
        return new ServerOptions(host, port, loops, maxRequestLineBytes, maxHeaderBytes, maxBodyBytes, idleTimeoutMs, requestTimeoutMs, ms, backlog, compressionThresholdBytes, streamRequestBodies);
    }
}
