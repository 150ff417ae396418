package io.shallot.web.client.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import io.shallot.loop.Timer;

/**
 * One pooled HTTP/1.1 connection, and the last handler of its pipeline: it routes inbound events to
 * the exchange that currently leases it, one exchange at a time (no pipelining).
 *
 * <p>This handler is the single owner of inbound buffers: every message is released here after the
 * exchange has looked at it, so an exchange may read a message's content but must copy what it keeps.
 * Data or errors on an idle connection mean the server broke the protocol; the channel is closed.
 * Runs on the channel's loop only.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    /** What an exchange hears from the connection it leases. */
    interface Events {
        /** A decoded response part; its content is only borrowed for the duration of the call. */
        void onMessage(HttpObject message);

        void onInactive();

        void onError(Throwable cause);

        void onWritabilityChanged();
    }

    final Channel channel;
    Events events;
    boolean leased;
    int served;
    long keepAliveHintMs = -1;
    Timer idleTimer;
    long idleDueMs;
    long idleSinceMs;

    Connection(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Events e = events;
            if (e == null) {
                ctx.close();
            } else if (msg instanceof HttpObject http) {
                e.onMessage(http);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Events e = events;
        if (e != null) {
            e.onInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Events e = events;
        if (e != null) {
            e.onError(cause);
        }
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Events e = events;
        if (e != null) {
            e.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public String toString() {
        return "Connection[" + channel + ", served=" + served + "]";
    }
}
