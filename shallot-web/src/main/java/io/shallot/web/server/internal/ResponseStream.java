package io.shallot.web.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.shallot.web.client.BodyStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one streamed response: the head at once, then each chunk of the {@link BodyStream} as its
 * producer writes it. The stream is paused while the channel is not writable and resumed when it
 * is, so at most the stream's high-water mark and the channel's write buffer are held.
 *
 * <p>It ends once, reported to {@code done}: {@code true} when every chunk was sent and, with a
 * Content-Length, exactly that many bytes (the caller then writes the last part); {@code false}
 * when the response cannot be completed and the connection must close: the producer failed
 * (logged here, once, with the request id), produced more or fewer bytes than its Content-Length,
 * or the connection went ({@link #abort}, which cancels the stream so the producer hears of it).
 * The log names the path without its query, which may carry credentials ({@code ?access_token=}).
 * Chunks are wrapped, not copied; the HTTP encoder releases the wrappers. Loop thread only.
 */
final class ResponseStream {
    private static final Logger LOG = LoggerFactory.getLogger("io.shallot.web.errors");

    private final ChannelHandlerContext channel;
    private final DefaultContext ctx;
    private final BodyStream body;
    private final Consumer<Boolean> done;
    private long length;
    private long sent;
    private boolean finished;

    ResponseStream(ChannelHandlerContext channel, DefaultContext ctx, BodyStream body, Consumer<Boolean> done) {
        this.channel = channel;
        this.ctx = ctx;
        this.body = body;
        this.done = done;
    }

    void start(HttpResponse head) {
        length = HttpUtil.getContentLength(head, -1L);
        channel.writeAndFlush(head, channel.voidPromise());
        try {
            body.read(this::send).then(ended -> {
                end();
                return null;
            }, this::fail);
        } catch (IllegalStateException alreadyRead) {
            fail(alreadyRead);
        }
    }

    void writabilityChanged() {
        if (!finished && channel.channel().isWritable()) {
            body.resume();
        }
    }

    /** The connection went: the producer learns it through its cancel listener. */
    void abort() {
        if (!finished) {
            finished = true;
            body.cancel();
            done.accept(false);
        }
    }

    private void send(byte[] chunk) {
        if (length >= 0 && sent + chunk.length > length) {
            throw new IllegalStateException("the response body stream produced more than the " + length
                    + " bytes its Content-Length announced");
        }
        sent += chunk.length;
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)), channel.voidPromise());
        if (!channel.channel().isWritable()) {
            body.pause();
        }
    }

    private void end() {
        if (finished) {
            return;
        }
        if (length >= 0 && sent < length) {
            fail(new IllegalStateException("the response body stream ended after " + sent + " of the " + length
                    + " bytes its Content-Length announced"));
            return;
        }
        finished = true;
        done.accept(true);
    }

    private Void fail(Throwable error) {
        if (!finished) {
            finished = true;
            LOG.error("{} {}: the streamed response body failed after its head was sent, closing the connection: {} [request {}]",
                    ctx.method(), ctx.path(), error.getMessage(), ctx.requestId(), error);
            done.accept(false);
        }
        return null;
    }
}
