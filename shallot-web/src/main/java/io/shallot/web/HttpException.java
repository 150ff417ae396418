package io.shallot.web;

import java.util.Map;

/**
 * What {@link Context#fail} throws, Koa's {@code ctx.throw}: an HTTP status, a message, the
 * envelope's {@code ret} code and extra response headers. The message reaches the client only
 * when {@link #expose()} is true, which by default means a status below 500.
 */
public class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int ret;
    private final boolean expose;
    private final transient Map<String, String> headers;

    public HttpException(int status, String message) {
        this(status, -1, message, Map.of(), null);
    }

    public HttpException(int status, int ret, String message, Map<String, String> headers, Throwable cause) {
        this(status, ret, message, headers, cause, status < 500);
    }

    /**
     * @param expose whether the client sees {@code message}; pass true for a 5xx only when the
     *               message is written for clients (a gateway's "service overloaded"), never for
     *               one that carries an internal error's text
     */
    public HttpException(int status, int ret, String message, Map<String, String> headers, Throwable cause,
                         boolean expose) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpException status must be 4xx or 5xx, got " + status);
        }
        if (ret == 0) {
            throw new IllegalArgumentException("ret 0 means success; an error needs a non-zero ret");
        }
        this.status = status;
        this.ret = ret;
        this.expose = expose;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public int ret() {
        return ret;
    }

    public boolean expose() {
        return expose;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
