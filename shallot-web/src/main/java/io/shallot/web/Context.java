package io.shallot.web;

import io.shallot.loop.Loop;
import io.shallot.web.body.RequestBody;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One request and its response, Koa's {@code ctx}. It lives on the connection's loop thread: no
 * locks are needed, and only a {@link Handler#blocking} handler touches it from elsewhere, while
 * the loop waits for it.
 *
 * <p>The response is written once, after the whole chain has settled, by a single step whose rules
 * are: the status defaults to 404 until a body is set, then to 200; setting a body never changes
 * a status set explicitly; a {@code String} body is {@code text/plain; charset=utf-8}, a
 * {@code byte[]} is {@code application/octet-stream}, anything else is serialised as JSON; a null
 * body with no explicit status answers 204. A thrown or rejected error is answered by the error
 * responder with the JSON envelope {@code {"ret", "message", "data"}}.
 */
public interface Context {

    Loop loop();

    // ------------------------------------------------------------ request

    String method();

    /** The path of the request target, still percent-encoded, without the query. */
    String path();

    /** The raw request target: path and query. */
    String url();

    /** The raw query string, without '?'; empty when there is none. */
    String querystring();

    /** Parsed query: repeated keys become lists; keys are plain strings, never interpreted. */
    Map<String, List<String>> query();

    /** The first value of a query parameter, or null. */
    String query(String name);

    /** A route parameter, decoded once; null when the route has no such parameter. */
    String param(String name);

    Map<String, String> params();

    /** A request header (case-insensitive), the first value or null. */
    String header(String name);

    List<String> headers(String name);

    /**
     * Every request header: each name (as first spelled) with its values in the order sent;
     * {@code get} ignores the case of the name. Unmodifiable; for proxies and signatures that must
     * see headers they cannot name in advance.
     */
    Map<String, List<String>> headers();

    RequestBody body();

    InetSocketAddress remoteAddress();

    /** The request id: the incoming {@code X-Request-Id} when valid, else generated. */
    String requestId();

    /** The pattern of the matched route, e.g. {@code /users/:id}, or null before routing. */
    String routePattern();

    /** Per-request state shared by middleware (Koa's {@code ctx.state}). */
    Map<String, Object> state();

    // ------------------------------------------------------------ response

    int status();

    Context status(int status);

    /** Sets a response header, replacing earlier values. */
    Context set(String name, Object value);

    Context append(String name, Object value);

    Context remove(String name);

    /** A response header set so far, or null. */
    String responseHeader(String name);

    /** Sets {@code Content-Type}. */
    Context type(String contentType);

    Context body(Object body);

    Object responseBody();

    /** Sets a JSON body (Jackson-serialised) with {@code application/json; charset=utf-8}. */
    Context json(Object value);

    /** 302 to {@code location}. */
    Context redirect(String location);

    /**
     * Throws an {@link HttpException} (Koa's {@code ctx.throw}); it never returns normally. The
     * return type lets callers write {@code throw ctx.fail(...)} for the compiler's sake.
     */
    HttpException fail(int status, String message);

    /** True once the client has gone; writing is then skipped. */
    boolean aborted();

    /**
     * Response headers that survive when an error resets the response (Koa's
     * {@code keepHeadersOnError}): for security, CORS and request-id headers.
     */
    Context keepOnError(String... headerNames);

    /**
     * Runs {@code listener} once the response is decided and handed to the connection (or the
     * client has gone), with the final status, whichever way the request ended: success, error or
     * timeout. Listeners run on the loop and must not throw.
     */
    Context onFinish(java.util.function.Consumer<Context> listener);
}
