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
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;
import io.shallot.web.HttpException;
import io.shallot.web.server.ServerOptions;
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
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_QUEUED = 16;
    /**
     * How long a draining server keeps an idle keep-alive connection open: a request already on the
     * wire then gets its answer (with Connection: close) instead of a reset connection.
     */
    static final long DRAIN_GRACE_MS = 500;

    private final AppHandle app;
    private final ServerOptions options;
    private ChannelHandlerContext channel;
    private Loop loop;
    private HttpRequest head;
    private byte[] body;
    private int bodyLength;
    private boolean discarding;
    private boolean draining;
    private final ArrayDeque<InboundRequest> queue = new ArrayDeque<>();
    private DefaultContext current;
    private Timer idleTimer;
    private Timer requestTimer;

    public ConnectionHandler(AppHandle app, ServerOptions options) {
        this.app = app;
        this.options = options;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx;
        loop = Loop.of(ctx.channel().eventLoop());
        startIdleTimer();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!discarding && msg instanceof HttpObject object) {
                loop.invoke(() -> read(object));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        loop.clearTimeout(idleTimer);
        loop.clearTimeout(requestTimer);
        if (current != null) {
            current.aborted = true;
        }
        queue.clear();
        ctx.fireChannelInactive();
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

    private void read(HttpObject object) {
        DecoderResult result = object.decoderResult();
        if (result.isFailure()) {
            rejectMalformed(result.cause());
            return;
        }
        if (object instanceof HttpRequest request) {
            startRequest(request);
        }
        if (object instanceof HttpContent content && head != null) {
            appendBody(content.content());
            if (!discarding && object instanceof LastHttpContent) {
                completeRequest();
            }
        }
    }

    private void startRequest(HttpRequest request) {
        if (!isPlainAscii(request.uri())) {
            reject(HttpResponseStatus.BAD_REQUEST, "invalid character in the request target; percent-encode it");
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
        if (HttpUtil.is100ContinueExpected(request)) {
            channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        head = request;
        body = new byte[(int) Math.max(0, Math.min(length, 64 * 1024))];
        bodyLength = 0;
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
        loop.clearTimeout(idleTimer);
        queue.add(new InboundRequest(request.method().name(), request.uri(), request.protocolVersion(),
                request.headers(), bytes, HttpUtil.isKeepAlive(request)));
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
        if (!channel.channel().config().isAutoRead() && queue.size() < MAX_QUEUED / 2) {
            channel.channel().config().setAutoRead(true);
        }
        DefaultContext ctx = new DefaultContext(loop, request,
                (InetSocketAddress) channel.channel().remoteAddress(), app.mapper());
        current = ctx;
        requestTimer = loop.setTimeout(() -> timeOut(ctx), options.requestTimeoutMs()).unref();
        Promise<Void> done;
        try {
            done = app.chain().handle(ctx, null);
        } catch (Throwable t) {
            done = Promise.reject(loop, t);
        }
        if (done == null) {
            done = Promise.reject(loop, new IllegalStateException("the middleware chain returned null"));
        }
        done.then(ignored -> finish(ctx, null), error -> finish(ctx, error));
    }

    private Void finish(DefaultContext ctx, Throwable error) {
        if (ctx.responded) {
            return null;
        }
        ctx.responded = true;
        loop.clearTimeout(requestTimer);
        if (ctx.aborted) {
            current = null;
            ctx.finished();
            return null;
        }
        boolean keepAlive = ctx.request().keepAlive() && !draining;
        FullHttpResponse response = render(ctx, error, keepAlive);
        current = null;
        ctx.finished();
        if (response == null) {
            channel.close();
            return null;
        }
        if (keepAlive) {
            channel.writeAndFlush(response, channel.voidPromise());
            dispatchNext();
            if (current == null) {
                startIdleTimer();
            }
        } else {
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        return null;
    }

    private FullHttpResponse render(DefaultContext ctx, Throwable error, boolean keepAlive) {
        try {
            if (error != null) {
                ErrorResponder.prepare(ctx, error, app.errorListener());
            }
            return ResponseWriter.build(ctx, channel.alloc(), keepAlive);
        } catch (Throwable t) {
            try {
                ErrorResponder.prepare(ctx, t, app.errorListener());
                return ResponseWriter.build(ctx, channel.alloc(), keepAlive);
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
        LOG.warn("{} {} timed out after {} ms; last entered: {} [request {}]", ctx.method(), ctx.url(),
                options.requestTimeoutMs(), ctx.lastEntered(), ctx.requestId());
        draining = true;
        finish(ctx, new HttpException(503, "request timed out"));
    }

    private void startIdleTimer() {
        startIdleTimer(draining ? Math.min(DRAIN_GRACE_MS, options.idleTimeoutMs()) : options.idleTimeoutMs());
    }

    private void startIdleTimer(long ms) {
        loop.clearTimeout(idleTimer);
        idleTimer = loop.setTimeout(() -> {
            if (current == null) {
                channel.close();
            }
        }, ms).unref();
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

    /** Answers a request that cannot be served with the envelope, then closes: the rest is never parsed. */
    private void reject(HttpResponseStatus status, String message) {
        discarding = true;
        head = null;
        body = null;
        queue.clear();
        loop.clearTimeout(idleTimer);
        if (current != null) {
            current.aborted = true;
        }
        byte[] json = ("{\"ret\":-1,\"message\":" + quote(message) + ",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                channel.alloc().buffer(json.length).writeBytes(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, json.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
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
