package io.shallot.bench.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * The raw Netty peer of {@code bench/web.sh}, the practical limit on the JVM: epoll, one event
 * loop per core, {@link HttpServerCodec} and one hand-written handler that routes on the URI with
 * {@code if}s, serialises the JSON bodies with Jackson on every request (as Shallot does), writes
 * without flushing and flushes once per read batch. Same headers as Shallot's answers, less
 * {@code X-Request-Id}: {@code Content-Type}, {@code Content-Length} and {@code Date}.
 *
 * <p>Usage: {@code NettyServer <port>}. With {@code -Dshallot.transport=io_uring}, the property that
 * moves Shallot's loops to Netty's io_uring transport, it runs on io_uring too (the {@code netty-uring}
 * peer), so that each transport has its own reference.
 */
public final class NettyServer {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final byte[] HELLO = Peers.HELLO.getBytes(StandardCharsets.UTF_8);
    private static final AsciiString TEXT = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString JSON = AsciiString.cached("application/json; charset=utf-8");
    private static final String USERS = "/v1/users/";
    private static final Peers.Message MESSAGE = new Peers.Message(Peers.HELLO);
    /** Extra CPU per request, spent spinning: how raw Netty's latency answers more work per request. */
    private static final long BURN_NANOS = Long.getLong("bench.netty.burnNanos", 0);
    private static final FastThreadLocal<DateCache> DATE = new FastThreadLocal<>() {
        @Override
        protected DateCache initialValue() {
            return new DateCache();
        }
    };

    private NettyServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Peers.port(args);
        int loops = Peers.loops();
        boolean ioUring = "io_uring".equals(System.getProperty("shallot.transport"));
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(loops,
                ioUring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory());
        new ServerBootstrap()
                .group(group)
                .channel(ioUring ? IoUringServerSocketChannel.class : EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("codec", new HttpServerCodec()).addLast("handler", new Handler());
                    }
                })
                .bind("127.0.0.1", port)
                .sync();
        Peers.ready("netty", port, loops, "epoll=true");
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            try {
                if (msg instanceof HttpRequest request) {
                    respond(ctx, request);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static void respond(ChannelHandlerContext ctx, HttpRequest request) throws Exception {
            if (BURN_NANOS > 0) {
                burn();
            }
            String uri = request.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            FullHttpResponse response;
            if (request.method() != HttpMethod.GET) {
                response = empty(HttpResponseStatus.METHOD_NOT_ALLOWED);
            } else if (path.equals("/plaintext")) {
                response = ok(ctx, HELLO, TEXT);
            } else if (path.equals("/json")) {
                response = ok(ctx, MAPPER.writeValueAsBytes(MESSAGE), JSON);
            } else if (path.startsWith(USERS) && path.length() > USERS.length() && path.indexOf('/', USERS.length()) < 0) {
                String id = QueryStringDecoder.decodeComponent(path.substring(USERS.length()));
                response = ok(ctx, MAPPER.writeValueAsBytes(new Peers.User(id, "user" + id)), JSON);
            } else {
                response = empty(HttpResponseStatus.NOT_FOUND);
            }
            if (HttpUtil.isKeepAlive(request)) {
                ctx.write(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static void burn() {
            long until = System.nanoTime() + BURN_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }

        private static FullHttpResponse ok(ChannelHandlerContext ctx, byte[] body, AsciiString type) {
            ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, content);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.DATE, date());
            return response;
        }

        private static FullHttpResponse empty(HttpResponseStatus status) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.DATE, date());
            return response;
        }

        /** RFC 9110's Date, as Shallot and Node send it, formatted once a second per loop thread. */
        private static AsciiString date() {
            DateCache cache = DATE.get();
            long second = System.currentTimeMillis() / 1000;
            if (second != cache.second) {
                cache.second = second;
                cache.text = AsciiString.cached(DateFormatter.format(new Date(second * 1000)));
            }
            return cache.text;
        }
    }

    private static final class DateCache {
        long second = -1;
        AsciiString text;
    }
}
