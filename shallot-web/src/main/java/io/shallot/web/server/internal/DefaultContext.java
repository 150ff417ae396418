package io.shallot.web.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.body.QueryString;
import io.shallot.web.body.RequestBody;
import io.shallot.web.client.BodyStream;
import io.shallot.web.client.internal.HeaderMaps;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** The one {@link Context} implementation; see that interface for the response rules. */
public final class DefaultContext implements Context, MiddlewareTrace, RouteAware, TraceSlot {
    private static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private final Loop loop;
    private final InboundRequest request;
    private final InetSocketAddress remote;
    private final ObjectMapper mapper;
    private final String path;
    private final String querystring;
    private final HttpHeaders responseHeaders = new DefaultHttpHeaders(false);
    private Map<String, List<String>> query;
    private Map<String, String> params = Map.of();
    private String routePattern;
    private RequestBody body;
    private Promise<RequestBody> readBody;
    private Map<String, Object> state;
    private String requestId;
    private Object traceSlot;
    private int status = 404;
    private boolean explicitStatus;
    private boolean bodySet;
    private boolean jsonBody;
    private Object responseBody;
    // Most requests keep one set of names (RequestId's) and have one finish listener (AccessLog's):
    // no list for those.
    private String[] keptOnError;
    private Consumer<Context> finishListener;
    private List<Consumer<Context>> moreFinishListeners;
    private int lastIndex = -1;
    private String lastMiddleware;
    private boolean streamTaken;
    boolean aborted;
    boolean responded;

    DefaultContext(Loop loop, InboundRequest request, InetSocketAddress remote, ObjectMapper mapper) {
        this.loop = loop;
        this.request = request;
        this.remote = remote;
        this.mapper = mapper;
        String uri = request.uri();
        int q = uri.indexOf('?');
        this.path = q < 0 ? uri : uri.substring(0, q);
        this.querystring = q < 0 ? "" : uri.substring(q + 1);
    }

    InboundRequest request() {
        return request;
    }

    HttpHeaders responseHeaders() {
        return responseHeaders;
    }

    boolean explicitStatus() {
        return explicitStatus;
    }

    boolean bodySet() {
        return bodySet;
    }

    boolean jsonBody() {
        return jsonBody;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public void route(String pattern, Map<String, String> params) {
        this.routePattern = pattern;
        this.params = params;
    }

    /** Clears what a failed chain left, before the error responder writes (Koa's onerror). */
    void resetResponse() {
        HttpHeaders kept = new DefaultHttpHeaders(false);
        if (keptOnError != null) {
            for (String name : keptOnError) {
                List<String> values = responseHeaders.getAll(name);
                if (!values.isEmpty() && !kept.contains(name)) {
                    kept.set(name, values);
                }
            }
        }
        responseHeaders.clear();
        responseHeaders.add(kept);
        cancelStreamedBody();
        responseBody = null;
        bodySet = false;
        jsonBody = false;
        explicitStatus = false;
        status = 404;
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String url() {
        return request.uri();
    }

    @Override
    public String querystring() {
        return querystring;
    }

    @Override
    public Map<String, List<String>> query() {
        if (query == null) {
            try {
                query = QueryString.parse(querystring);
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, -1, e.getMessage(), Map.of(), e);
            }
        }
        return query;
    }

    @Override
    public String query(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String param(String name) {
        return params.get(name);
    }

    @Override
    public Map<String, String> params() {
        return params;
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    /** A response body stream that will not be sent is cancelled, so its producer stops. */
    void cancelStreamedBody() {
        if (responseBody instanceof BodyStream stream && stream.loop().inLoop()) {
            stream.cancel();
        }
    }

    @Override
    public Map<String, List<String>> headers() {
        return HeaderMaps.toMap(request.headers());
    }

    @Override
    public RequestBody body() {
        if (body == null) {
            if (request.stream() != null) {
                throw new IllegalStateException("the request body is streamed (ServerOptions.withStreamRequestBodies) and "
                        + "not read yet: use ctx.readBody() and continue when it settles, or ctx.bodyStream()");
            }
            body = new RequestBody(request.body(), request.headers().get(HttpHeaderNames.CONTENT_TYPE), mapper);
        }
        return body;
    }

    @Override
    public Promise<RequestBody> readBody() {
        if (readBody != null) {
            return readBody;
        }
        InboundBody inbound = request.stream();
        if (inbound == null) {
            return readBody = Promise.resolve(loop, body());
        }
        if (!loop.inLoop()) {
            Deferred<RequestBody> hop = Promise.defer(loop);
            loop.execute(() -> {
                try {
                    hop.resolveWith(readBody());
                } catch (Throwable t) {
                    hop.reject(t);
                }
            });
            return hop.promise();
        }
        if (streamTaken) {
            throw new IllegalStateException("the request body is being read through ctx.bodyStream(); readBody() cannot read it too");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, Math.min(inbound.declared(), 64 * 1024)));
        readBody = inbound.take().read(bytes::writeBytes).then(ended -> body = new RequestBody(bytes.toByteArray(),
                request.headers().get(HttpHeaderNames.CONTENT_TYPE), mapper));
        return readBody;
    }

    @Override
    public BodyStream bodyStream() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("bodyStream() called on " + Thread.currentThread().getName()
                    + ": a BodyStream belongs to the request's loop; call it there (or use readBody())");
        }
        InboundBody inbound = request.stream();
        if (inbound == null) {
            return BodyStream.of(request.body());
        }
        if (readBody != null) {
            throw new IllegalStateException("the request body was already read with ctx.readBody(); use the RequestBody it gives");
        }
        streamTaken = true;
        return inbound.take();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String requestId() {
        if (requestId == null) {
            requestId = RequestIds.fromHeaderOrNew(request.headers().get(X_REQUEST_ID));
        }
        return requestId;
    }

    @Override
    public String routePattern() {
        return routePattern;
    }

    @Override
    public Object traceSlot() {
        return traceSlot;
    }

    @Override
    public void traceSlot(Object value) {
        traceSlot = value;
    }

    @Override
    public Map<String, Object> state() {
        if (state == null) {
            state = new HashMap<>();
        }
        return state;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Context status(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("invalid status code: " + status);
        }
        this.status = status;
        this.explicitStatus = true;
        return this;
    }

    @Override
    public Context set(String name, Object value) {
        CharSequence checkedName = HeaderNames.SHARED.of(name);
        if (value instanceof Collection<?> values) {
            responseHeaders.set(checkedName, HeaderValues.each(checkedName, values));
        } else {
            responseHeaders.set(checkedName, HeaderValues.of(checkedName, value));
        }
        return this;
    }

    @Override
    public Context append(String name, Object value) {
        CharSequence checkedName = HeaderNames.SHARED.of(name);
        if (value instanceof Collection<?> values) {
            responseHeaders.add(checkedName, HeaderValues.each(checkedName, values));
        } else {
            responseHeaders.add(checkedName, HeaderValues.of(checkedName, value));
        }
        return this;
    }

    @Override
    public Context remove(String name) {
        responseHeaders.remove(name);
        return this;
    }

    @Override
    public String responseHeader(String name) {
        return responseHeaders.get(name);
    }

    @Override
    public Context type(String contentType) {
        Objects.requireNonNull(contentType, "content type");
        responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, HeaderValues.of(HttpHeaderNames.CONTENT_TYPE, contentType));
        return this;
    }

    @Override
    public Context body(Object value) {
        this.responseBody = value;
        this.bodySet = true;
        this.jsonBody = false;
        if (!explicitStatus) {
            this.status = value == null ? 204 : 200;
        }
        return this;
    }

    @Override
    public Object responseBody() {
        return responseBody;
    }

    @Override
    public Context json(Object value) {
        body(value);
        jsonBody = true;
        responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, ResponseWriter.JSON);
        return this;
    }

    @Override
    public Context redirect(String location) {
        String encoded = Locations.encode(Objects.requireNonNull(location, "location"));
        set("Location", encoded);
        if (!explicitStatus || status < 300 || status > 399) {
            status(302);
        }
        return body("Redirecting to " + encoded);
    }

    @Override
    public HttpException fail(int status, String message) {
        throw new HttpException(status, message);
    }

    @Override
    public boolean aborted() {
        return aborted;
    }

    @Override
    public Context keepOnError(String... headerNames) {
        String[] names = headerNames.clone();
        for (String name : names) {
            Objects.requireNonNull(name, "header name");
        }
        if (keptOnError == null) {
            keptOnError = names;
        } else {
            String[] joined = Arrays.copyOf(keptOnError, keptOnError.length + names.length);
            System.arraycopy(names, 0, joined, keptOnError.length, names.length);
            keptOnError = joined;
        }
        return this;
    }

    @Override
    public Context onFinish(Consumer<Context> listener) {
        Objects.requireNonNull(listener, "listener");
        if (finishListener == null) {
            finishListener = listener;
        } else {
            if (moreFinishListeners == null) {
                moreFinishListeners = new ArrayList<>(2);
            }
            moreFinishListeners.add(listener);
        }
        return this;
    }

    void finished() {
        Consumer<Context> first = finishListener;
        List<Consumer<Context>> more = moreFinishListeners;
        finishListener = null;
        moreFinishListeners = null;
        if (first != null) {
            notifyFinished(first);
        }
        if (more != null) {
            more.forEach(this::notifyFinished);
        }
    }

    private void notifyFinished(Consumer<Context> listener) {
        try {
            listener.accept(this);
        } catch (Throwable t) {
            LoggerFactory.getLogger(DefaultContext.class).error("an onFinish listener failed [request {}]", requestId(), t);
        }
    }

    @Override
    public void entered(int index, String name) {
        lastIndex = index;
        lastMiddleware = name;
    }

    @Override
    public String lastEntered() {
        return lastMiddleware == null ? "none" : "middleware #" + lastIndex + " (" + lastMiddleware + ")";
    }

    @Override
    public String toString() {
        return method() + " " + url() + " [" + requestId() + "]";
    }
}
