package io.shallot.web.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.shallot.loop.Promise;
import io.shallot.web.client.BodyStream;

/**
 * Writes one request on a leased channel: a full request in one flush, or the head followed by the
 * chunks of a {@link BodyStream}, reading the stream only after the head went out (so a request
 * whose head could not be written still has its body and can be retried) and pausing it while the
 * channel is not writable. Buffers written here wrap the caller's arrays; the HTTP encoder releases
 * them. Loop thread only.
 */
final class RequestWriter {

    /** How the writer reports to its exchange. */
    interface Listener {
        /** A write failed; {@code nothingSent} when the channel was closed before any byte left. */
        void sendFailed(Throwable cause, boolean nothingSent);

        /** The request body stream failed (its producer called {@code fail}). */
        void bodyFailed(Throwable cause);
    }

    private final Channel channel;
    private final Outbound out;
    private final Listener listener;
    private boolean finished;
    private boolean reading;
    private boolean stopped;

    RequestWriter(Channel channel, Outbound out, Listener listener) {
        this.channel = channel;
        this.out = out;
        this.listener = listener;
    }

    void start() {
        if (out.stream() == null) {
            ByteBuf content = out.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(out.body());
            channel.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, out.method(), out.path(), content,
                    out.headers(), EmptyHttpHeaders.INSTANCE)).addListener(f -> {
                        if (f.isSuccess()) {
                            finished = true;
                        } else {
                            failed(f, true);
                        }
                    });
            return;
        }
        channel.writeAndFlush(new DefaultHttpRequest(HttpVersion.HTTP_1_1, out.method(), out.path(), out.headers()))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        pump(out.stream());
                    } else {
                        failed(f, true);
                    }
                });
    }

    /** Whether the whole request, body included, has been written to the socket. */
    boolean finished() {
        return finished;
    }

    void onWritabilityChanged() {
        if (reading && !stopped && channel.isWritable()) {
            out.stream().resume();
        }
    }

    /**
     * Stops writing. With {@code cancelBody}, a body stream being read is cancelled so its producer
     * stops; without it, the stream is left untouched for a retry on another connection.
     */
    void stop(boolean cancelBody) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (cancelBody && out.stream() != null && !finished) {
            out.stream().cancel();
        }
    }

    private void pump(BodyStream stream) {
        if (stopped) {
            return;
        }
        reading = true;
        Promise<Void> read;
        try {
            read = stream.read(chunk -> {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))).addListener(f -> {
                    if (!f.isSuccess()) {
                        failed(f, false);
                    }
                });
                if (!channel.isWritable()) {
                    stream.pause();
                }
            });
        } catch (IllegalStateException alreadyRead) {
            listener.bodyFailed(alreadyRead);
            return;
        }
        read.then(ended -> {
            if (!stopped) {
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                    if (f.isSuccess()) {
                        finished = true;
                    } else {
                        failed(f, false);
                    }
                });
            }
            return null;
        }, error -> {
            if (!stopped) {
                listener.bodyFailed(error);
            }
            return null;
        });
    }

    private void failed(Future<?> write, boolean first) {
        if (!stopped) {
            Throwable cause = write.cause();
            listener.sendFailed(cause, first && Failures.closedBeforeWrite(cause));
        }
    }
}
