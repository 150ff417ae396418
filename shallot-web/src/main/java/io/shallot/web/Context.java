package io.shallot.web;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.body.RequestBody;
import io.shallot.web.client.BodyStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 *
 * <p>Streaming: a {@link BodyStream} body is sent as its producer writes it, with backpressure
 * (see {@link #body(Object)}); with {@code ServerOptions.withStreamRequestBodies(true)} the chain
 * runs as soon as the request head has arrived and the request body is read with
 * {@link #readBody()} or {@link #bodyStream()}. Both streams belong to the connection's loop and
 * must only be touched on its thread.
 */
public interface Context {

    Loop loop();

    // ------------------------------------------------------------ request

    String method();

    /**
     * The path of the request target, still percent-encoded, without the query; {@code *} for a
     * server-wide {@code OPTIONS *}.
     */
    String path();

    /**
     * The raw request target, path and query; an absolute-form target ({@code http://host/p?q})
     * arrives as its origin-form ({@code /p?q}), its authority in the {@code Host} header.
     */
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

    /**
     * The request body, read in full before the chain ran.
     *
     * @throws IllegalStateException when request bodies are streamed and {@link #readBody()} has not
     *         fulfilled yet
     */
    RequestBody body();

    /**
     * The request body read in full, within the server's {@code maxBodyBytes}: the same promise on
     * every call. It is fulfilled at once unless request bodies are streamed; then the body is read
     * as it arrives (asking for it sends a pending {@code 100 Continue}), and the promise rejects
     * with an {@link HttpException} 413 when the body exceeds the limit (the connection has already
     * answered 413 and closes), or with the failure when the client leaves mid-body. Any thread;
     * the promise settles on the connection's loop.
     *
     * @throws IllegalStateException when the streamed body is already being read by {@link #bodyStream()}
     */
    Promise<RequestBody> readBody();

    /**
     * The request body as a stream. Unless request bodies are streamed it is a new, already ended
     * stream of the buffered bytes on every call. When they are streamed it is the one live stream
     * of the body (readable once): chunks arrive as the client sends them, reading it sends a
     * pending {@code 100 Continue}, and while it is paused or unread the socket is not read past
     * its high-water mark. It fails with an {@link HttpException} 413 past {@code maxBodyBytes},
     * with the cause when the client leaves mid-body, and when the response is sent before it was
     * read to the end (the rest is then discarded). {@link BodyStream#cancel()} discards the rest.
     * Loop thread only.
     *
     * @throws IllegalStateException off the loop thread, or when the streamed body was already read
     *         with {@link #readBody()}
     */
    BodyStream bodyStream();

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

    /**
     * Sets a response header, replacing earlier values. As in Node, the name must be an HTTP token
     * and the value (its {@code String.valueOf}) may hold tab, space, visible ASCII and Latin-1
     * text only: a CR or LF, say from request data, throws {@link IllegalArgumentException} naming
     * the header (a 500 unless handled) instead of letting a client add headers of its own. A
     * {@code Collection} value (a {@code List} of cookies) sends one header line per element, as
     * Koa's {@code ctx.set(field, array)} does; an empty one removes the header.
     */
    Context set(String name, Object value);

    /** Adds a value (or each of a {@code Collection}'s) to a response header, checked as {@link #set} checks it. */
    Context append(String name, Object value);

    Context remove(String name);

    /** A response header set so far, or null. */
    String responseHeader(String name);

    /** Sets {@code Content-Type}, checked as {@link #set} checks a value. */
    Context type(String contentType);

    /**
     * Sets the response body; the respond table is in the class comment. A {@link BodyStream} made on
     * this context's loop is sent as it is produced: with the Content-Length set on the response,
     * if any (exactly that many bytes, else the connection is closed), otherwise chunked, or for
     * HTTP/1.0 delimited by closing the connection. Reading pauses while the socket cannot take
     * more, so the producer sees {@code write} return false and waits for {@code onDrain}. The
     * producer hears of a client that leaves, or a response that needs no body (HEAD, 204, 304, an
     * error answered instead), through {@code onCancel}. A producer that fails after the head went
     * out gets the connection closed (the client sees a truncated body) and one error log line with
     * the request id. Pipelined requests wait until the stream has ended.
     */
    Context body(Object body);

    Object responseBody();

    /** Sets a JSON body (Jackson-serialised) with {@code application/json; charset=utf-8}. */
    Context json(Object value);

    /**
     * 302 (or the 3xx status already set) to {@code location}, percent-encoded as Koa encodes it:
     * an encoded URL is sent as it is, anything a URL cannot hold (spaces, CR, LF, quotes, angle
     * brackets, non-ASCII text) as UTF-8 {@code %XX}.
     */
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
     * timeout. For a {@link BodyStream} body that is once the stream has ended, failed or been
     * cancelled. Listeners run on the loop and must not throw.
     */
    Context onFinish(Consumer<Context> listener);
}
