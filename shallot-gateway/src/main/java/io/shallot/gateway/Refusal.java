package io.shallot.gateway;

import io.shallot.web.HttpException;
import java.util.Map;

/**
 * Every way the gateway refuses a request: its HTTP status, the envelope's distinct {@code ret}
 * code (status × 100 + a number, so a client can switch on it without parsing messages), the
 * message a client sees and the metrics outcome.
 *
 * <p>Refusals are raised with {@link #exception}, which the web framework's one error responder
 * turns into {@code {"ret": ..., "message": ..., "data": {}}} with the status and the extra headers
 * ({@code Retry-After}, {@code RateLimit-*}, {@code WWW-Authenticate}).
 */
public enum Refusal {
    BAD_PATH(400, 40001, "malformed request path", Outcome.BAD_REQUEST),
    BAD_TOKEN_REQUEST(400, 40002, "invalid token request", Outcome.BAD_REQUEST),
    NO_TOKEN(401, 40101, "missing access token", Outcome.UNAUTHENTICATED),
    INVALID_TOKEN(401, 40102, "invalid access token", Outcome.UNAUTHENTICATED),
    EXPIRED_TOKEN(401, 40103, "access token expired", Outcome.UNAUTHENTICATED),
    BAD_CREDENTIALS(401, 40104, "invalid client credentials", Outcome.UNAUTHENTICATED),
    BAD_SIGNATURE(401, 40105, "invalid request signature", Outcome.UNAUTHENTICATED),
    STALE_SIGNATURE(401, 40106, "signature timestamp outside the allowed window", Outcome.UNAUTHENTICATED),
    REPLAYED_NONCE(401, 40107, "nonce already used", Outcome.UNAUTHENTICATED),
    BAD_ADMIN_CREDENTIAL(401, 40108, "invalid admin credential", Outcome.UNAUTHENTICATED),
    NO_USER_TOKEN(401, 40109, "missing user token", Outcome.UNAUTHENTICATED),
    INVALID_USER_TOKEN(401, 40110, "invalid user token", Outcome.UNAUTHENTICATED),
    EXPIRED_USER_TOKEN(401, 40111, "user token expired", Outcome.UNAUTHENTICATED),
    REVOKED_USER_TOKEN(401, 40112, "user token revoked: sign in again", Outcome.UNAUTHENTICATED),
    APP_DISABLED(403, 40301, "app is disabled", Outcome.FORBIDDEN),
    API_NOT_GRANTED(403, 40302, "api not granted to this app", Outcome.FORBIDDEN),
    NO_ROUTE(404, 40401, "no such api", Outcome.NOT_FOUND),
    TOKEN_REQUEST_TOO_LARGE(413, 41301, "token request body too large", Outcome.BAD_REQUEST),
    METHOD_NOT_ALLOWED(405, 40501, "method not allowed for this api", Outcome.NOT_FOUND),
    API_RATE_LIMITED(429, 42901, "rate limit exceeded for this api", Outcome.LIMITED),
    APP_RATE_LIMITED(429, 42902, "rate limit exceeded for this app", Outcome.LIMITED),
    TOKEN_ATTEMPTS_LIMITED(429, 42903, "too many failed token requests, retry later", Outcome.LIMITED),
    UPSTREAM_FAILED(502, 50201, "upstream failed", Outcome.UPSTREAM_ERROR),
    SHED(503, 50301, "service overloaded, retry later", Outcome.SHED),
    CIRCUIT_OPEN(503, 50302, "upstream unavailable, retry later", Outcome.UPSTREAM_ERROR),
    NO_HEALTHY_TARGET(503, 50303, "no healthy upstream target", Outcome.UPSTREAM_ERROR),
    LIMITER_UNAVAILABLE(503, 50304, "rate limiter unavailable, retry later", Outcome.LIMITED),
    AUTH_UNAVAILABLE(503, 50305, "authentication unavailable, retry later", Outcome.ERROR),
    UPSTREAM_TIMEOUT(504, 50401, "upstream timed out", Outcome.UPSTREAM_ERROR);

    private final int status;
    private final int ret;
    private final String message;
    private final Outcome outcome;

    Refusal(int status, int ret, String message, Outcome outcome) {
        this.status = status;
        this.ret = ret;
        this.message = message;
        this.outcome = outcome;
    }

    public int status() {
        return status;
    }

    public int ret() {
        return ret;
    }

    public String message() {
        return message;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The exception to throw (or reject with), carrying {@link #message()}. */
    public GatewayException exception() {
        return exception(message, Map.of());
    }

    /** With extra response headers, e.g. {@code Retry-After}. */
    public GatewayException exception(Map<String, String> headers) {
        return exception(message, headers);
    }

    /** With a more specific client-facing message; never put secrets or internals in it. */
    public GatewayException exception(String clientMessage, Map<String, String> headers) {
        return new GatewayException(this, clientMessage, headers, null);
    }

    /** The exception for an upstream failure, keeping its cause for the log. */
    public GatewayException exception(Throwable cause) {
        return new GatewayException(this, message, Map.of(), cause);
    }

    /** For a failure of something the gateway depends on: the cause for the log, headers for the client. */
    public GatewayException exception(Throwable cause, Map<String, String> headers) {
        return new GatewayException(this, message, headers, cause);
    }

    /** A refusal as an {@link HttpException}, so the web framework answers it. */
    public static final class GatewayException extends HttpException {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        GatewayException(Refusal refusal, String message, Map<String, String> headers, Throwable cause) {
            super(refusal.status, refusal.ret, message, headers, cause, true);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }
}
