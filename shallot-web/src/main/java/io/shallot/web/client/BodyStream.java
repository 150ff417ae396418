package io.shallot.web.client;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A body that arrives in chunks, with one producer and one reader, on one loop: the response body
 * of {@link HttpClient#stream}, a request body given to {@link ClientRequest#body(BodyStream)}, and
 * on the server a streamed request body ({@code ctx.bodyStream()}) or response body
 * ({@code ctx.body(stream)}).
 * It is Node's readable stream cut down to what a proxy needs.
 *
 * <p>Producer side: {@link #write} queues a chunk and returns false once {@link #highWaterMark()}
 * bytes are queued; the producer should then stop (the client stops reading its socket) until
 * {@link #onDrain} fires. {@link #end} or {@link #fail} finishes the body.
 *
 * <p>Reader side: {@link #read} delivers every chunk in order to its callback and returns a
 * promise that fulfils after the last chunk or rejects with the producer's failure. {@link #pause}
 * and {@link #resume} apply backpressure; {@link #cancel} discards the rest (for a response body
 * the connection is closed, not reused) and rejects the read with
 * {@link HttpClientException.Kind#CANCELLED}. A callback that throws cancels the stream with that
 * exception. Chunks written before {@link #read} is called are buffered, so reading may start late;
 * a body already ended by then can instead be taken in one piece with {@link #takeIfEnded}.
 *
 * <p>Threading: every method must be called on the stream's loop thread (the one it was created
 * on); elsewhere it throws {@link IllegalStateException}. Callbacks run on that thread. Chunks are
 * handed over, not copied: neither side may change an array after writing it.
 */
public final class BodyStream {
    /** The default {@link #highWaterMark()}: 64 KiB, as for Node's byte streams in Node 22. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

    private final Loop loop;
    private final int highWaterMark;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private Consumer<byte[]> reader;
    private Deferred<Void> done;
    private Throwable failure;
    private Runnable drainListener;
    private Consumer<Throwable> cancelListener;
    private boolean ended;
    private boolean paused;
    private boolean cancelled;
    private boolean settled;
    private boolean flushing;
    private boolean flushScheduled;
    private boolean wantDrain;

    private BodyStream(Loop loop, int highWaterMark) {
        this.loop = loop;
        this.highWaterMark = highWaterMark;
    }

    /** An open stream on the current loop. */
    public static BodyStream create() {
        return create(DEFAULT_HIGH_WATER_MARK);
    }

    public static BodyStream create(int highWaterMark) {
        if (highWaterMark < 1) {
            throw new IllegalArgumentException("highWaterMark must be positive, got " + highWaterMark);
        }
        return new BodyStream(Loop.current(), highWaterMark);
    }

    /** An already ended stream of {@code chunks}, on the current loop. */
    public static BodyStream of(byte[]... chunks) {
        BodyStream stream = create();
        for (byte[] chunk : chunks) {
            stream.write(chunk);
        }
        stream.end();
        return stream;
    }

    public int highWaterMark() {
        return highWaterMark;
    }

    /** The loop this stream belongs to: every method must be called on its thread. */
    public Loop loop() {
        return loop;
    }

    // ---------------------------------------------------------------- producer

    /**
     * Queues {@code chunk} (delivering it at once if the reader is flowing). Returns false when the
     * producer should wait for {@link #onDrain}; after a cancel the chunk is dropped and false returned.
     *
     * @throws IllegalStateException after {@link #end} or {@link #fail}
     */
    public boolean write(byte[] chunk) {
        checkThread();
        Objects.requireNonNull(chunk, "chunk");
        if (ended || failure != null) {
            throw new IllegalStateException("write() after " + (ended ? "end()" : "fail()") + " on a BodyStream");
        }
        if (cancelled) {
            return false;
        }
        if (chunk.length > 0) {
            queue.add(chunk);
            queuedBytes += chunk.length;
            flush();
        }
        boolean more = queuedBytes < highWaterMark;
        wantDrain |= !more;
        return more;
    }

    /** Marks the end of the body; the read promise fulfils once the queued chunks are delivered. Idempotent. */
    public void end() {
        checkThread();
        if (!ended && failure == null) {
            ended = true;
            flush();
        }
    }

    /** Fails the body: queued chunks are dropped and the read promise rejects with {@code error}. */
    public void fail(Throwable error) {
        checkThread();
        Objects.requireNonNull(error, "error");
        if (!ended && failure == null && !cancelled) {
            failure = error;
            queue.clear();
            queuedBytes = 0;
            flush();
        }
    }

    /** Called on the loop when a producer told to wait by {@link #write} may write again. */
    public BodyStream onDrain(Runnable listener) {
        checkThread();
        drainListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Called on the loop, with the reason, when the reader cancels or its callback throws. */
    public BodyStream onCancel(Consumer<Throwable> listener) {
        checkThread();
        cancelListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    // ---------------------------------------------------------------- reader

    /**
     * Starts delivering chunks to {@code onChunk} (from the next microtask on). Only one reader.
     *
     * @throws IllegalStateException when the stream is already being read
     */
    public Promise<Void> read(Consumer<byte[]> onChunk) {
        checkThread();
        Objects.requireNonNull(onChunk, "onChunk");
        if (reader != null) {
            throw new IllegalStateException("a BodyStream can be read only once");
        }
        reader = onChunk;
        done = Promise.defer(loop);
        if (cancelled) {
            settled = true;
            done.reject(cancellation());
        } else {
            scheduleFlush();
        }
        return done.promise();
    }

    /**
     * The whole body in one array when its producer has already ended it and no reader has started:
     * the stream then counts as read to its end ({@link #read} throws, {@link #cancel} does nothing).
     * Otherwise null, and nothing changes. A relay uses it to send a body that arrived together
     * with its head in one write, rather than stream it.
     */
    public byte[] takeIfEnded() {
        checkThread();
        if (!ended || reader != null || cancelled || failure != null) {
            return null;
        }
        reader = chunk -> { };
        settled = true;
        byte[] whole = queue.size() == 1 ? queue.poll() : join();
        queue.clear();
        queuedBytes = 0;
        return whole;
    }

    /** Stops delivery until {@link #resume}; the producer is throttled once the queue fills. */
    public void pause() {
        checkThread();
        paused = true;
    }

    public void resume() {
        checkThread();
        if (paused) {
            paused = false;
            scheduleFlush();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** Discards the rest of the body and tells the producer; a no-op once the body has ended or failed. */
    public void cancel() {
        checkThread();
        cancel(cancellation());
    }

    // ---------------------------------------------------------------- machinery

    private void cancel(Throwable reason) {
        if (cancelled || settled) {
            return;
        }
        cancelled = true;
        queue.clear();
        queuedBytes = 0;
        if (done != null) {
            settled = true;
            done.reject(reason);
        }
        if (cancelListener != null) {
            cancelListener.accept(reason);
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.queueMicrotask(() -> {
                flushScheduled = false;
                flush();
            });
        }
    }

    private void flush() {
        if (flushing) {
            return;
        }
        flushing = true;
        try {
            while (reader != null && !paused && !cancelled && !queue.isEmpty()) {
                byte[] chunk = queue.poll();
                queuedBytes -= chunk.length;
                try {
                    reader.accept(chunk);
                } catch (Throwable t) {
                    cancel(t);
                    return;
                }
            }
            if (done != null && !settled && !cancelled) {
                if (failure != null) {
                    settled = true;
                    done.reject(failure);
                } else if (ended && queue.isEmpty()) {
                    settled = true;
                    done.resolve(null);
                }
            }
        } finally {
            flushing = false;
        }
        if (wantDrain && !paused && !cancelled && !settled && queuedBytes < highWaterMark && drainListener != null) {
            wantDrain = false;
            drainListener.run();
        }
    }

    private byte[] join() {
        byte[] whole = new byte[Math.toIntExact(queuedBytes)];
        int at = 0;
        for (byte[] chunk : queue) {
            System.arraycopy(chunk, 0, whole, at, chunk.length);
            at += chunk.length;
        }
        return whole;
    }

    private HttpClientException cancellation() {
        return new HttpClientException(HttpClientException.Kind.CANCELLED, "the body stream was cancelled by its reader");
    }

    private void checkThread() {
        if (!loop.inLoop()) {
            throw new IllegalStateException("BodyStream belongs to loop " + loop.name() + " but was used on "
                    + Thread.currentThread().getName() + "; hop onto its loop with loop.execute(...)");
        }
    }
}
