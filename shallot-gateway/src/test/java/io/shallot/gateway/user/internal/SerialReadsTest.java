package io.shallot.gateway.user.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reads as futures the test completes, and a retry executor it runs by hand. */
class SerialReadsTest {
    private final Queue<Runnable> later = new ArrayDeque<>();
    private final AtomicInteger fullReads = new AtomicInteger();
    private CompletableFuture<Void> nextFullRead = CompletableFuture.completedFuture(null);
    private final SerialReads reads = new SerialReads("the test copy", () -> {
        fullReads.incrementAndGet();
        return nextFullRead;
    }, later::add);

    private static CompletableFuture<Void> failed() {
        return CompletableFuture.failedFuture(new IllegalStateException("store down"));
    }

    @Test
    void aReadStartsOnlyOnceTheReadsAskedForBeforeItHaveFinished() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        AtomicInteger started = new AtomicInteger();
        reads.run(() -> slow);
        CompletableFuture<Void> second = reads.run(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });

        assertThat(started).hasValue(0);
        slow.complete(null);
        assertThat(started).hasValue(1);
        assertThat(second).isCompleted();
    }

    @Test
    void aFailedReadDoesNotStopTheNextOne() {
        CompletableFuture<Void> first = reads.run(SerialReadsTest::failed);
        CompletableFuture<Void> second = reads.run(() -> CompletableFuture.completedFuture(null));

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void failedReadsAreFollowedByOneFullReadAgainUntilOneSucceeds() {
        reads.run(SerialReadsTest::failed);
        reads.run(() -> {
            throw new IllegalStateException("client shut down");
        });
        assertThat(later).hasSize(1);
        assertThat(fullReads).hasValue(0);

        nextFullRead = failed();
        later.remove().run();
        assertThat(fullReads).hasValue(1);
        assertThat(later).hasSize(1);

        nextFullRead = CompletableFuture.completedFuture(null);
        later.remove().run();
        assertThat(fullReads).hasValue(2);
        assertThat(later).isEmpty();
    }

    @Test
    void aClosedCopyReadsNothingMore() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        reads.run(() -> slow);
        AtomicInteger started = new AtomicInteger();
        reads.run(() -> {
            started.incrementAndGet();
            return failed();
        });

        reads.close();
        slow.complete(null);
        reads.everything();
        assertThat(started).hasValue(0);
        assertThat(fullReads).hasValue(0);
        assertThat(later).isEmpty();
    }
}
