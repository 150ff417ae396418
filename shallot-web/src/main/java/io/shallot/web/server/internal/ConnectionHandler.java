package io.shallot.web.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import io.shallot.web.client.BodyStream;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection: assembles each request within the limits, runs the app's chain for one
 * request at a time (pipelined requests wait in order), writes the single response, and enforces
 * the idle and request timeouts. It owns every Netty buffer it receives and releases it here.
 *
 * <p>A response whose body is a {@link BodyStream} is sent by a {@link ResponseStream}; the next
 * pipelined request waits until it has ended. When request bodies are streamed, a request is
 * dispatched as soon as its head has arrived and its body flows through an {@link InboundBody},
 * which stops the socket being read while its reader is behind. Without streaming, neither costs
 * anything: no object is made and no callback is added per request.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_QUEUED = 16;
    private static final byte[] NO_BYTES = new byte[0];
    /**
     * How long a draining server keeps an idle keep-alive connection open: a request already on the
     * wire then gets its answer (with Connection: close) instead of a reset connection.
     */
    static final long DRAIN_GRACE_MS = 500;

    private final AppHandle app;
    private final ServerOptions options;
    private final ErrorLogBudget errorLog;
    private ChannelHandlerContext channel;
    private Loop loop;
    private HttpRequest head;
    private byte[] body;
    private int bodyLength;
    private boolean discarding;
    private boolean draining;
    private final ArrayDeque<InboundRequest> queue = new ArrayDeque<>();
    private DefaultContext current;
    private InboundBody receiving;
    private ResponseStream outbound;
    /** Times the idle wait (subject null) or the current request's chain (subject: its context). */
    private Deadline<DefaultContext> deadline;

    ConnectionHandler(AppHandle app, ServerOptions options, ErrorLogBudget errorLog) {
        this.app = app;
        this.options = options;
        this.errorLog = errorLog;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx;
        loop = Loop.of(ctx.channel().eventLoop());
        deadline = new Deadline<>(loop, this::deadlinePassed);
        startIdleTimer();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!discarding && msg instanceof HttpObject object) {
                if (runsApplicationCode(object)) {
                    loop.invoke(() -> read(object));
                } else {
                    read(object);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.close();
        if (current != null) {
            current.aborted = true;
            DefaultContext abandoned = current;
            loop.invoke(() -> abandon(abandoned));
        }
        queue.clear();
        if (receiving != null || outbound != null) {
            loop.invoke(this::abortStreams);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (outbound != null) {
            loop.invoke(outbound::writabilityChanged);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void abortStreams() {
        if (receiving != null) {
            receiving.close(new IOException("the client closed the connection before the request body was complete"));
            receiving = null;
        }
        if (outbound != null) {
            outbound.abort();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ShutdownEvent.INSTANCE) {
            draining = true;
            if (current == null && queue.isEmpty()) {
                startIdleTimer(Math.min(DRAIN_GRACE_MS, options.idleTimeoutMs()));
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    /**
     * Whether reading {@code object} may run application code (the chain, a body stream's reader),
     * and so must be a loop callback that drains microtasks after it. A request head without
     * streamed bodies only starts assembling the request: a GET then costs one callback, not two.
     */
    private boolean runsApplicationCode(HttpObject object) {
        return object instanceof HttpContent || options.streamRequestBodies();
    }

    private void read(HttpObject object) {
        DecoderResult result = object.decoderResult();
        if (result.isFailure()) {
            rejectMalformed(result.cause());
            return;
        }
        if (object instanceof HttpRequest request) {
            startRequest(request);
        }
        if (object instanceof HttpContent content) {
            if (receiving != null) {
                receive(content);
            } else if (head != null) {
                appendBody(content.content());
                if (!discarding && object instanceof LastHttpContent) {
                    completeRequest();
                }
            }
        }
    }

    private void receive(HttpContent content) {
        InboundBody arriving = receiving;
        arriving.onContent(content.content());
        if (content instanceof LastHttpContent && receiving == arriving) {
            receiving = null;
            arriving.onEnd();
        }
    }

    private void startRequest(HttpRequest request) {
        if (!isPlainAscii(request.uri())) {
            reject(HttpResponseStatus.BAD_REQUEST, "invalid character in the request target; percent-encode it");
            return;
        }
        RequestTarget.Refusal refusal = RequestTarget.check(request);
        if (refusal != null) {
            reject(refusal.status(), refusal.message());
            return;
        }
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            reject(HttpResponseStatus.EXPECTATION_FAILED, "unsupported Expect header");
            return;
        }
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > options.maxBodyBytes()) {
            reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body of " + length + " bytes exceeds the limit of " + options.maxBodyBytes());
            return;
        }
        if (options.streamRequestBodies()) {
            streamRequest(request, length);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        head = request;
        body = length > 0 ? new byte[(int) Math.min(length, 64 * 1024)] : NO_BYTES;
        bodyLength = 0;
    }

    private void streamRequest(HttpRequest request, long length) {
        long declared = HttpUtil.isTransferEncodingChunked(request) ? -1 : Math.max(0, length);
        receiving = new InboundBody(this, declared, options.maxBodyBytes(), HttpUtil.is100ContinueExpected(request));
        deadline.cancel(null);
        enqueue(new InboundRequest(request.method().name(), request.uri(), request.protocolVersion(),
                request.headers(), null, HttpUtil.isKeepAlive(request), receiving));
    }

    private void appendBody(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        if ((long) bodyLength + n > options.maxBodyBytes()) {
            reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body exceeds the limit of " + options.maxBodyBytes() + " bytes");
            return;
        }
        if (bodyLength + n > body.length) {
            body = Arrays.copyOf(body, Math.min(options.maxBodyBytes(), Math.max(bodyLength + n, body.length * 2)));
        }
        content.readBytes(body, bodyLength, n);
        bodyLength += n;
    }

    private void completeRequest() {
        HttpRequest request = head;
        head = null;
        byte[] bytes = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        body = null;
        deadline.cancel(null);
        enqueue(new InboundRequest(request.method().name(), request.uri(), request.protocolVersion(),
                request.headers(), bytes, HttpUtil.isKeepAlive(request), null));
    }

    private void enqueue(InboundRequest request) {
        queue.add(request);
        if (queue.size() >= MAX_QUEUED) {
            channel.channel().config().setAutoRead(false);
        }
        dispatchNext();
    }

    private void dispatchNext() {
        if (current != null || queue.isEmpty()) {
            return;
        }
        InboundRequest request = queue.poll();
        if (!channel.channel().config().isAutoRead() && queue.size() < MAX_QUEUED / 2
                && (receiving == null || !receiving.blocked())) {
            channel.channel().config().setAutoRead(true);
        }
        DefaultContext ctx = new DefaultContext(loop, request,
                (InetSocketAddress) channel.channel().remoteAddress(), app.mapper());
        current = ctx;
        deadline.arm(options.requestTimeoutMs(), ctx);
        Promise<Void> done;
        try {
            done = app.chain().handle(ctx, null);
        } catch (Throwable t) {
            done = Promise.reject(loop, t);
        }
        if (done == null) {
            done = Promise.reject(loop, new IllegalStateException("the middleware chain returned null"));
        }
        // Compose moved any other loop's promise onto this loop, so finish runs here
        done.whenSettled((error, ignored) -> finish(ctx, error));
    }

    /**
     * The client left before its response was decided: its onFinish listeners (in-flight counts,
     * metrics, logs) learn it now, not when the chain settles, which a hung downstream may never do
     * once the connection's deadline is gone. The chain's late result is then ignored by finish.
     */
    private void abandon(DefaultContext ctx) {
        if (ctx.responded) {
            return;
        }
        ctx.responded = true;
        if (current == ctx) {
            current = null;
        }
        ctx.cancelStreamedBody();
        ctx.finished();
    }

    private void finish(DefaultContext ctx, Throwable error) {
        if (ctx.responded) {
            return;
        }
        ctx.responded = true;
        deadline.cancel(ctx);
        if (ctx.aborted) {
            current = null;
            ctx.cancelStreamedBody();
            ctx.finished();
            return;
        }
        InboundBody requestBody = ctx.request().stream();
        boolean keepAlive = ctx.request().keepAlive() && !draining;
        // a body streamed out may take its time and the request body may be read meanwhile: decided at its end
        HttpResponse response = render(ctx, error, keepAlive
                && (requestBody == null || requestBody.drainable() || ctx.responseBody() instanceof BodyStream));
        if (response == null) {
            current = null;
            ctx.finished();
            channel.close();
            return;
        }
        if (response instanceof FullHttpResponse) {
            current = null;
            ctx.finished();
            send(response, keepAlive, requestBody);
            return;
        }
        boolean reuse = keepAlive && HttpUtil.isKeepAlive(response);
        outbound = new ResponseStream(channel, ctx, (BodyStream) ctx.responseBody(), complete -> streamed(ctx, complete, reuse));
        outbound.start(response);
    }

    private void streamed(DefaultContext ctx, boolean complete, boolean keepAlive) {
        outbound = null;
        current = null;
        ctx.finished();
        if (complete) {
            send(LastHttpContent.EMPTY_LAST_CONTENT, keepAlive, ctx.request().stream());
        } else {
            channel.close();
        }
    }

    /**
     * Writes the response, or its last part, then serves the next request, or closes when either
     * side wants it or the unread rest of the request body is not worth reading.
     */
    private void send(HttpObject last, boolean keepAlive, InboundBody requestBody) {
        if (keepAlive && (requestBody == null || requestBody.drainable())) {
            channel.writeAndFlush(last, channel.voidPromise());
            if (requestBody != null) {
                requestBody.responded();
            }
            dispatchNext();
            if (current == null) {
                startIdleTimer();
            }
        } else {
            channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
            if (requestBody != null) {
                requestBody.responded();
            }
        }
    }

    /** No request of this connection is waiting for its response or being answered. */
    boolean idle() {
        return current == null && queue.isEmpty();
    }

    // ---------------------------------------------------------------- for InboundBody

    void pauseReading() {
        channel.channel().config().setAutoRead(false);
    }

    void resumeReading() {
        if (queue.size() < MAX_QUEUED / 2 && (receiving == null || !receiving.blocked())) {
            channel.channel().config().setAutoRead(true);
        }
    }

    void sendContinue() {
        channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER), channel.voidPromise());
    }

    void bodyTooLarge(int limit) {
        reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body exceeds the limit of " + limit + " bytes");
    }

    /** The response is out and the unread rest of its request body is longer than is worth reading. */
    void closeAfterDrain() {
        channel.close();
    }

    // ---------------------------------------------------------------- responses

    private HttpResponse render(DefaultContext ctx, Throwable error, boolean keepAlive) {
        try {
            if (error != null) {
                ErrorResponder.prepare(ctx, error, app.errorListener(), errorLog);
            }
            return ResponseWriter.build(ctx, keepAlive);
        } catch (Throwable t) {
            try {
                ErrorResponder.prepare(ctx, t, app.errorListener(), errorLog);
                return ResponseWriter.build(ctx, keepAlive);
            } catch (Throwable again) {
                LOG.error("could not render an error response [request {}]", ctx.requestId(), again);
                return null;
            }
        }
    }

    private void timeOut(DefaultContext ctx) {
        if (ctx.responded) {
            return;
        }
        LOG.warn("{} {} timed out after {} ms; last entered: {} [request {}]", ctx.method(), ctx.path(),
                options.requestTimeoutMs(), ctx.lastEntered(), ctx.requestId());
        draining = true;
        finish(ctx, new HttpException(503, "request timed out"));
    }

    private void startIdleTimer() {
        startIdleTimer(draining ? Math.min(DRAIN_GRACE_MS, options.idleTimeoutMs()) : options.idleTimeoutMs());
    }

    private void startIdleTimer(long ms) {
        deadline.arm(ms, null);
    }

    private void deadlinePassed(DefaultContext ctx) {
        if (ctx != null) {
            timeOut(ctx);
        } else if (current == null) {
            channel.close();
        }
    }

    private void rejectMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            reject(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "request line exceeds " + options.maxRequestLineBytes() + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request headers exceed " + options.maxHeaderBytes() + " bytes");
        } else {
            reject(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        }
    }

    /**
     * Answers a request that cannot be served with the envelope, then closes: the rest is never
     * parsed. While a streamed response is half sent nothing else can be written, so it just closes.
     */
    private void reject(HttpResponseStatus status, String message) {
        discarding = true;
        head = null;
        body = null;
        queue.clear();
        deadline.cancel(null);
        if (current != null) {
            current.aborted = true;
        }
        if (receiving != null) {
            receiving.close(new HttpException(status.code(), message));
            receiving = null;
        }
        if (outbound != null) {
            channel.close();
            return;
        }
        byte[] json = ("{\"ret\":-1,\"message\":" + quote(message) + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                channel.alloc().buffer(json.length).writeBytes(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpDate.addTo(response.headers());
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** RFC 9112: a request target is visible ASCII; raw bytes outside it are refused, not guessed at. */
    private static boolean isPlainAscii(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
