package io.shallot.gateway.proxy.internal;

import io.shallot.web.client.BodyStream;
import io.shallot.web.client.ClientRequest;
import java.util.function.Supplier;

/**
 * Streams the client's request body upstream through one relay stream per attempt, and knows
 * whether the upstream has taken any of it, which decides if a failed attempt may be retried.
 *
 * <p>A relay's high-water mark is one byte, so its {@code write} returns true only when the
 * upstream connection took the chunk at once; otherwise the pipe stops reading the client's body
 * until the relay drains. So at most one chunk is held between the two sides, and until the
 * upstream has taken a byte that chunk (and the end, if reached) can be given to a fresh relay:
 * the body is then {@link #replayable}. The HTTP client reads a body only once its connection is
 * up, so an attempt that failed to connect never took a byte and can be retried; once the upstream
 * has taken one, the body cannot be sent again and a failure is final.
 *
 * <p>Backpressure runs end to end: the upstream socket not writable pauses the relay, which
 * pauses the client's body, which stops the server reading the client's socket.
 *
 * <p>The client's side failing (it left mid-body, or the body passed the server's limit: 413)
 * fails the relay, and so the attempt; {@link #failure} then tells the proxy to answer with that
 * rather than blame the upstream. Loop thread only.
 */
final class RequestPipe implements OutgoingBody {
    private final Supplier<BodyStream> client;
    private final long length;
    private BodyStream source;
    private BodyStream relay;
    private byte[] untaken;
    private boolean taken;
    private boolean ended;
    private boolean discarded;
    private Throwable failure;

    /**
     * @param client the client's body, taken on the first attempt (which sends a pending
     *               {@code 100 Continue})
     * @param length its Content-Length, or -1 when it is chunked (and is sent on chunked)
     */
    RequestPipe(Supplier<BodyStream> client, long length) {
        this.client = client;
        this.length = length;
    }

    @Override
    public void attachTo(ClientRequest request) {
        if (length >= 0) {
            request.header("Content-Length", length);
        }
        request.body(next());
    }

    /**
     * The relay for the next attempt, starting with the chunk the previous one did not take.
     *
     * @throws IllegalStateException when the body is not {@link #replayable}
     */
    BodyStream next() {
        if (!replayable()) {
            throw new IllegalStateException("the request body was already sent upstream, at least in part, or failed;"
                    + " it cannot be sent again");
        }
        BodyStream fresh = BodyStream.create(1);
        relay = fresh;
        fresh.onDrain(() -> {
            if (relay == fresh) {
                takenAll();
            }
        });
        fresh.onCancel(reason -> {
            if (relay == fresh) {
                cancelled();
            }
        });
        if (untaken != null) {
            fresh.write(untaken);
        }
        if (ended) {
            fresh.end();
        }
        if (source == null) {
            source = client.get();
            source.read(this::forward).then(end -> {
                ended = true;
                relay.end();
                return null;
            }, error -> {
                if (!discarded) {
                    failure = error;
                    relay.fail(error);
                }
                return null;
            });
        } else if (untaken == null) {
            source.resume();
        }
        return fresh;
    }

    @Override
    public boolean replayable() {
        return !taken && !discarded && failure == null;
    }

    @Override
    public boolean complete() {
        return ended && untaken == null;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void discard() {
        if (!discarded) {
            discarded = true;
            if (source != null) {
                source.cancel();
            }
        }
    }

    private void forward(byte[] chunk) {
        if (chunk.length == 0) {
            return;
        }
        if (relay.write(chunk)) {
            taken = true;
        } else {
            untaken = chunk;
            source.pause();
        }
    }

    private void takenAll() {
        untaken = null;
        taken = true;
        source.resume();
    }

    /** The attempt gave up on its relay: keep the body for a retry while that is possible, else let it go. */
    private void cancelled() {
        if (replayable()) {
            source.pause();
        } else {
            discard();
        }
    }
}
