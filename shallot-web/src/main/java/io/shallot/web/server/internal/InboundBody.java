package io.shallot.web.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.shallot.web.HttpException;
import io.shallot.web.client.BodyStream;

/**
 * The body of one request when request bodies are streamed, fed by its connection as it arrives.
 * Each piece is copied off Netty's buffer into a {@link BodyStream}; while that stream's queue is
 * full the connection stops reading the socket, so a slow reader holds at most its high-water mark.
 *
 * <p>The rest of a body nobody reads is discarded once its reader cancels or the response has been
 * sent; then at most {@link #DRAIN_LIMIT} more bytes are read and dropped to keep the connection,
 * after which it is closed. Loop thread only.
 */
final class InboundBody {
    /** Past this, reading and dropping what nobody wants costs more than a new connection. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final ConnectionHandler connection;
    private final long declared;
    private final int limit;
    private boolean continuePending;
    private BodyStream stream;
    private long received;
    private long dropped;
    private boolean complete;
    private boolean closed;
    private boolean discarding;
    private boolean blocked;
    private boolean responded;

    /**
     * @param declared the Content-Length, or -1 for a chunked body
     * @param expectContinue whether the client waits for 100 Continue before sending the body
     */
    InboundBody(ConnectionHandler connection, long declared, int limit, boolean expectContinue) {
        this.connection = connection;
        this.declared = declared;
        this.limit = limit;
        this.continuePending = expectContinue && declared != 0;
    }

    // ---------------------------------------------------------------- the request's side

    /** The Content-Length, or -1 for a chunked body. */
    long declared() {
        return declared;
    }

    /** The body as a stream, the same one on every call; asking for it sends the pending 100 Continue. */
    BodyStream take() {
        if (continuePending && !complete && !discarding && !closed) {
            continuePending = false;
            connection.sendContinue();
        }
        BodyStream taken = stream();
        if (complete && !discarding) {
            taken.end();
        }
        return taken;
    }

    // ---------------------------------------------------------------- the connection's side

    void onContent(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0 || closed) {
            return;
        }
        received += n;
        if (discarding) {
            dropped += n;
            if (dropped > DRAIN_LIMIT) {
                drainExceeded();
            }
            return;
        }
        if (received > limit) {
            close(new HttpException(413, "request body exceeds the limit of " + limit + " bytes"));
            connection.bodyTooLarge(limit);
            return;
        }
        if (!stream().write(ByteBufUtil.getBytes(content))) {
            blocked = true;
            connection.pauseReading();
        }
    }

    void onEnd() {
        if (closed) {
            return;
        }
        complete = true;
        if (stream != null && !discarding) {
            stream.end();
        }
    }

    /** Whether the connection stopped reading because this body's reader is behind. */
    boolean blocked() {
        return blocked;
    }

    /**
     * Whether the connection can stay open once the response is sent: the body is complete, or its
     * rest is short enough to read and drop. A client still waiting for 100 Continue may never
     * send the body, and its next request would then be read as this body, so it is never kept.
     */
    boolean drainable() {
        if (complete) {
            return true;
        }
        if (continuePending) {
            return false;
        }
        long rest = declared >= 0 ? declared - received : 0;
        return dropped + rest <= DRAIN_LIMIT;
    }

    /** The response has been sent: a reader still waiting is told so, and the rest is discarded. */
    void responded() {
        responded = true;
        if (!complete && !closed) {
            stream().fail(new IllegalStateException(
                    "the response was sent before the request body was read; the rest of the body is discarded"));
            discard();
        }
    }

    /** The body will not arrive: the connection closed or the request was rejected. */
    void close(Throwable reason) {
        if (complete || closed) {
            return;
        }
        closed = true;
        stream().fail(reason);
    }

    // ---------------------------------------------------------------- machinery

    private BodyStream stream() {
        if (stream == null) {
            stream = BodyStream.create();
            stream.onDrain(this::drained);
            stream.onCancel(reason -> discard());
        }
        return stream;
    }

    private void drained() {
        if (blocked) {
            blocked = false;
            connection.resumeReading();
        }
    }

    private void discard() {
        if (discarding) {
            return;
        }
        discarding = true;
        drained();
    }

    private void drainExceeded() {
        if (responded) {
            connection.closeAfterDrain();
        } else if (!blocked) {
            blocked = true;
            connection.pauseReading();
        }
    }
}
