package io.shallot.gateway.proxy.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import io.shallot.web.client.BodyStream;
import io.shallot.web.client.HttpClientException;
import java.time.Duration;

/**
 * Relays an upstream response body into the client's response as it arrives, and reports once how
 * it ended. Backpressure runs end to end: the client's socket not writable pauses the response
 * stream, whose full queue pauses the upstream body, which stops the HTTP client reading the
 * upstream socket; so a slow client holds two stream queues (64 KiB each) and the socket buffers,
 * not the body.
 *
 * <p>How it ends, told to the {@link Listener}:
 * <ul>
 *   <li>the upstream body ended: the response ends ({@link Listener#completed});</li>
 *   <li>it failed (connection reset, truncated, malformed), or stalled: no byte for the stall
 *       timeout while the client was keeping up ({@link Listener#failed}). The upstream stream is
 *       cancelled, which closes its connection, and the response fails, which closes the client's
 *       connection since the head is gone: the client sees a truncated body, never a complete-looking one;</li>
 *   <li>the client left, or the server sent no body after all (HEAD, an error answered instead):
 *       the upstream stream is cancelled and its connection closed, not reused
 *       ({@link Listener#abandoned}).</li>
 * </ul>
 * Loop thread only; the listener runs there.
 */
final class ResponsePipe {
    /** How the relayed body ended; exactly one method is called, once. */
    interface Listener {
        void completed();

        /** The upstream's fault: it failed or stalled mid-body. */
        void failed(Throwable cause);

        /** Nobody wants the rest: the client left or no body was sent. */
        void abandoned();
    }

    private final Loop loop;
    private final BodyStream from;
    private final BodyStream to;
    private final long stallMs;
    private final Listener listener;
    private long lastProgressNanos;
    private Timer watch;
    private boolean done;

    private ResponsePipe(BodyStream from, Duration stall, Listener listener) {
        this.loop = from.loop();
        this.from = from;
        this.to = BodyStream.create();
        this.stallMs = stall.toMillis();
        this.listener = listener;
    }

    /**
     * Starts relaying {@code from}; returns the stream to make the response body.
     *
     * @param stall how long the upstream may send nothing while the client keeps up
     */
    static BodyStream start(BodyStream from, Duration stall, Listener listener) {
        return new ResponsePipe(from, stall, listener).start();
    }

    private BodyStream start() {
        lastProgressNanos = System.nanoTime();
        to.onDrain(this::drained);
        to.onCancel(reason -> abandon());
        from.read(this::forward).then(end -> {
            end();
            return null;
        }, error -> {
            fail(error);
            return null;
        });
        watch = loop.setTimeout(this::checkStall, stallMs).unref();
        return to;
    }

    private void forward(byte[] chunk) {
        lastProgressNanos = System.nanoTime();
        if (!to.write(chunk)) {
            from.pause();
        }
    }

    private void drained() {
        lastProgressNanos = System.nanoTime();
        from.resume();
    }

    private void checkStall() {
        watch = null;
        if (done) {
            return;
        }
        if (from.isPaused()) {
            // waiting for the client, not for the upstream
            lastProgressNanos = System.nanoTime();
        }
        long idleMs = (System.nanoTime() - lastProgressNanos) / 1_000_000;
        if (idleMs < stallMs) {
            watch = loop.setTimeout(this::checkStall, stallMs - idleMs).unref();
            return;
        }
        done = true;
        from.cancel();
        HttpClientException stalled = new HttpClientException(HttpClientException.Kind.RESPONSE_TIMEOUT,
                "the upstream sent no response body for " + stallMs + " ms");
        listener.failed(stalled);
        to.fail(stalled);
    }

    private void end() {
        if (!done) {
            done = true;
            loop.clearTimeout(watch);
            to.end();
            listener.completed();
        }
    }

    private void fail(Throwable error) {
        if (!done) {
            done = true;
            loop.clearTimeout(watch);
            listener.failed(error);
            to.fail(error);
        }
    }

    private void abandon() {
        if (!done) {
            done = true;
            loop.clearTimeout(watch);
            from.cancel();
            listener.abandoned();
        }
    }
}
