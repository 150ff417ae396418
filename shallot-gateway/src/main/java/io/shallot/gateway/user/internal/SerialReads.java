package io.shallot.gateway.user.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads that keep a local copy in step with a store, run one after another: each starts once
 * the ones asked for before it have finished, so a slow full read never lands after, and undoes,
 * a later read of one entry. A read that fails (the store still coming back after an outage) is
 * followed by the full read {@code everything}, run by {@code later} (which waits a while), once
 * however many failed meanwhile, and again until one succeeds: a lost read cannot leave the copy
 * stale for good.
 *
 * <p>Thread-safe; reads start on the thread that finished the previous one, or the caller's.
 */
public final class SerialReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialReads.class);

    private final String what;
    private final Supplier<CompletableFuture<Void>> everything;
    private final Executor later;
    private final AtomicBoolean retrying = new AtomicBoolean();
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    /**
     * @param what  names the copy in the log
     * @param later runs the full read after a failure, e.g. {@link CompletableFuture#delayedExecutor}
     */
    public SerialReads(String what, Supplier<CompletableFuture<Void>> everything, Executor later) {
        this.what = what;
        this.everything = everything;
        this.later = later;
    }

    /** Runs {@code read} after the reads asked for before it; the future is its own outcome. */
    public synchronized CompletableFuture<Void> run(Supplier<CompletableFuture<Void>> read) {
        CompletableFuture<Void> done = last.thenCompose(ignored -> closed ? CompletableFuture.<Void>completedFuture(null)
                : read.get());
        last = done.exceptionally(error -> {
            retryLater(error);
            return null;
        });
        return done;
    }

    /** Runs the full read after the reads asked for before it. */
    public CompletableFuture<Void> everything() {
        return run(everything);
    }

    private void retryLater(Throwable error) {
        if (closed || !retrying.compareAndSet(false, true)) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("could not read {} ({}); reading it all again shortly", what, cause.toString());
        later.execute(() -> {
            retrying.set(false);
            everything();
        });
    }

    /** Runs no more reads. */
    @Override
    public void close() {
        closed = true;
    }
}
