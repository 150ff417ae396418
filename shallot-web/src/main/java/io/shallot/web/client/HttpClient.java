package io.shallot.web.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.client.HttpClientException.Kind;
import io.shallot.web.client.internal.Dispatcher;
import io.shallot.web.client.internal.Outbound;
import io.shallot.web.client.internal.PoolKey;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An HTTP/1.1 client for service-to-service calls and proxying, bound to the event loop that calls
 * it: the connection is a channel on the caller's {@link Loop}, so every callback and the returned
 * promise settle on that loop and no thread is ever hopped.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.create();            // one per application, share it
 * client.getJson("http://users:8080/v1/users/7", User.class).then(user -> ...);
 * client.send(ClientRequest.post(url).json(order).timeout(Duration.ofSeconds(2)));
 * }</pre>
 *
 * <p>Connections are kept alive in pools per (loop, scheme, host, port) with the limits of
 * {@link ClientOptions}. A request holds {@link Loop#keepAlive()} while in flight; idle pooled
 * connections do not, so {@code Loop.run} ends after the last response although they stay open.
 *
 * <p>Threading: the instance is thread-safe and meant to be shared; {@link #send}, {@link #stream}
 * and the helpers must be called on a loop thread ({@link Loop#current()}) and throw
 * {@link IllegalStateException} elsewhere. {@link #close} may be called from any thread.
 *
 * <p>Errors: malformed arguments throw at once. Everything after that rejects the returned promise
 * with an {@link HttpClientException} (see {@link HttpClientException.Kind}); an interceptor that
 * throws rejects it with that exception. Any status, 404 and 500 included, fulfils {@link #send};
 * only the JSON helpers reject non-2xx statuses. A request is retried once, on a fresh connection,
 * only when its pooled connection proved closed before a byte was written; nothing else is retried.
 */
public final class HttpClient implements AutoCloseable {
    private final ClientOptions options;
    private final Dispatcher dispatcher;

    private HttpClient(ClientOptions options, Dispatcher dispatcher) {
        this.options = options;
        this.dispatcher = dispatcher;
    }

    public static HttpClient create() {
        return create(ClientOptions.defaults());
    }

    public static HttpClient create(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpClient(options, new Dispatcher(options));
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * A view that shares this client's pools and passes each request through {@code interceptor}
     * after the existing ones, e.g. to propagate a {@code traceparent} per incoming request.
     * Closing a view closes the shared pools.
     */
    public HttpClient with(Consumer<ClientRequest> interceptor) {
        return new HttpClient(options.withInterceptor(interceptor), dispatcher);
    }

    /** A view that shares this client's pools and adds a header to requests that do not set it. */
    public HttpClient withHeader(String name, String value) {
        return new HttpClient(options.withDefaultHeader(name, value), dispatcher);
    }

    /** Sends {@code request} and reads the whole response, up to {@link ClientOptions#maxResponseBodyBytes()}. */
    public Promise<ClientResponse> send(ClientRequest request) {
        Loop loop = callerLoop("send");
        Outbound out;
        try {
            out = prepare(loop, request);
        } catch (RuntimeException e) {
            return Promise.reject(loop, e);
        }
        return dispatcher.send(loop, out);
    }

    /**
     * Sends {@code request} and fulfils as soon as the response head arrives; the body follows in
     * {@link StreamingResponse#body()}, which the caller must read or cancel. The response timeout
     * covers the head only; the body has neither timeout nor size limit.
     */
    public Promise<StreamingResponse> stream(ClientRequest request) {
        Loop loop = callerLoop("stream");
        Outbound out;
        try {
            out = prepare(loop, request);
        } catch (RuntimeException e) {
            return Promise.reject(loop, e);
        }
        return dispatcher.stream(loop, out);
    }

    public Promise<ClientResponse> get(String url) {
        return send(ClientRequest.get(url));
    }

    /** GETs {@code url} and binds the JSON body to {@code type}; a non-2xx status rejects with {@link Kind#STATUS}. */
    public <T> Promise<T> getJson(String url, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return send(ClientRequest.get(url).header("accept", "application/json"))
                .then(response -> {
                    if (!response.ok()) {
                        throw HttpClientException.status(response.status(), response.request() + " answered "
                                + response.status() + ": " + abbreviate(response.text()));
                    }
                    return response.json(type);
                });
    }

    /** POSTs {@code body} as JSON; any status fulfils. */
    public Promise<ClientResponse> postJson(String url, Object body) {
        return send(ClientRequest.post(url).json(body));
    }

    /**
     * Refuses new requests ({@link Kind#CLOSED}), fails queued ones and closes idle connections;
     * requests in flight finish and their connections are then closed. Idempotent, any thread.
     */
    @Override
    public void close() {
        dispatcher.close();
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    private Outbound prepare(Loop loop, ClientRequest original) {
        Objects.requireNonNull(original, "request");
        ClientRequest request = original.copy();
        HttpHeaders headers = request.headers;
        options.defaultHeaders().forEach((name, value) -> {
            if (!headers.contains(name)) {
                headers.set(name, value);
            }
        });
        options.interceptor().accept(request);
        PoolKey key = new PoolKey(request.scheme(), request.host(), request.port());
        if (!headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, key.hostHeader());
        }
        byte[] body = request.hasJson ? encodeJson(request) : request.bytes;
        BodyStream stream = request.stream;
        if (stream != null) {
            if (stream.loop() != loop) {
                throw new IllegalArgumentException(request + ": the body stream belongs to loop " + stream.loop().name()
                        + ", but the request is sent from loop " + loop.name());
            }
            if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        } else if (body != null) {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        } else if (expectsBody(request.nettyMethod())) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        long timeoutMs = (request.timeout != null ? request.timeout : options.responseTimeout()).toMillis();
        return new Outbound(key, request.nettyMethod(), request.path(), headers, body, stream, timeoutMs, request.toString());
    }

    private byte[] encodeJson(ClientRequest request) {
        try {
            return options.objectMapper().writeValueAsBytes(request.json);
        } catch (JsonProcessingException e) {
            throw new HttpClientException(Kind.JSON, request + ": cannot encode the JSON body: " + e.getOriginalMessage(), e);
        }
    }

    /** RFC 9110 §8.6: a user agent should send Content-Length: 0 for a POST, PUT or PATCH without a body. */
    private static boolean expectsBody(HttpMethod method) {
        return method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static Loop callerLoop(String method) {
        try {
            return Loop.current();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("HttpClient." + method + "() must be called on a Shallot loop thread, not on "
                    + Thread.currentThread().getName() + ": the connection and the returned promise belong to the"
                    + " caller's loop; call it from a loop callback or hop there with loop.execute(...)", e);
        }
    }
}
