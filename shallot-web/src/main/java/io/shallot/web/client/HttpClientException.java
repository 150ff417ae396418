package io.shallot.web.client;

import java.util.Objects;

/**
 * Why an {@link HttpClient} call failed, as a {@link Kind} a caller can switch on, with a message
 * that names the request ({@code GET http://127.0.0.1:8080/users}) and the limit or cause.
 *
 * <p>Threading: it is a plain value; it is created on the loop that made the request and travels
 * through that loop's promises.
 *
 * <p>The client rejects a returned promise with this type for every failure that happens after the
 * call returned; argument errors (a malformed URL, a call off the loop) throw synchronously
 * instead. A non-2xx status is not a failure of {@link HttpClient#send}; only the JSON helpers turn
 * it into {@link Kind#STATUS}.
 */
public final class HttpClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failure classes, from the point of view of a caller deciding whether to retry. */
    public enum Kind {
        /** The TCP connect (and TLS handshake, for https) did not finish within the connect timeout. */
        CONNECT_TIMEOUT,
        /** Nothing listens on the target port. Nothing was sent; safe to retry. */
        CONNECTION_REFUSED,
        /** Any other failure to connect: unknown host, unreachable network, TLS handshake. Nothing was sent. */
        CONNECT_FAILED,
        /** The full response (or its head, for a streaming call) did not arrive within the response timeout. */
        RESPONSE_TIMEOUT,
        /** Every connection to the target is busy and the wait queue is full; failed without waiting. */
        POOL_EXHAUSTED,
        /** The connection closed or was reset after the request was (maybe) sent: the server may have acted on it. */
        CONNECTION_CLOSED,
        /** The server answered with something that is not valid HTTP/1.1. */
        PROTOCOL,
        /** The response body is larger than {@link ClientOptions#maxResponseBodyBytes()}. */
        BODY_TOO_LARGE,
        /** A JSON helper got a non-2xx status; see {@link #status()}. */
        STATUS,
        /** A JSON body could not be encoded or decoded. */
        JSON,
        /** The request body stream failed, or the response body stream was cancelled by its reader. */
        CANCELLED,
        /** The client was closed before the request could start. */
        CLOSED
    }

    private final Kind kind;
    private final int status;

    public HttpClientException(Kind kind, String message) {
        this(kind, message, null, 0);
    }

    public HttpClientException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, 0);
    }

    /** A {@link Kind#STATUS} failure for {@code status}. */
    public static HttpClientException status(int status, String message) {
        return new HttpClientException(Kind.STATUS, message, null, status);
    }

    private HttpClientException(Kind kind, String message, Throwable cause, int status) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#STATUS}, otherwise 0. */
    public int status() {
        return status;
    }

    /** Whether the request certainly never reached the server, so any method may be retried. */
    public boolean notSent() {
        return switch (kind) {
            case CONNECT_TIMEOUT, CONNECTION_REFUSED, CONNECT_FAILED, POOL_EXHAUSTED, CLOSED -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "HttpClientException[" + kind + "]: " + getMessage();
    }
}
