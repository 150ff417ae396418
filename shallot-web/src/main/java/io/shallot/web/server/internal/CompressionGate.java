package io.shallot.web.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Keeps the compressor ({@link CachingAwareCompressor}) out of a connection's pipeline until a request asks
 * for compression ({@code Accept-Encoding}), then puts it in its own place and leaves: most API
 * clients never ask, and the compressor otherwise handles every request and response.
 *
 * <p>The compressor pairs each response with a request it saw, in order. So it goes in only while
 * no earlier request of the connection awaits its response; a request pipelined behind others is
 * answered uncompressed (identity is always acceptable) and the next one that asks tries again.
 */
final class CompressionGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "compress";
    private final int thresholdBytes;

    CompressionGate(int thresholdBytes) {
        this.thresholdBytes = thresholdBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.ACCEPT_ENCODING)
                && ctx.pipeline().get(ConnectionHandler.class).idle()) {
            ctx.pipeline().addAfter(ctx.name(), NAME, new CachingAwareCompressor(thresholdBytes));
            ctx.fireChannelRead(msg);
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
