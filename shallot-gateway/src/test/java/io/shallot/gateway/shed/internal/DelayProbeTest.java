package io.shallot.gateway.shed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayProbeTest {
    private static final long FIFTY_MS = Duration.ofMillis(50).toNanos();
    private static final long TWENTY_MS = Duration.ofMillis(20).toNanos();

    private final Loop loop = Loop.start(LoopOptions.defaults().withThreadName("probe-test").withBlockedThresholdMs(0));

    @AfterEach
    void stop() {
        loop.shutdown().join();
    }

    @Test
    void aLoopStuckInOneCallbackShowsItsDelayWhileStuckAndOnceAfterwards() throws Exception {
        CompletableFuture<DelayProbe> started = new CompletableFuture<>();
        loop.execute(() -> started.complete(DelayProbe.start(loop, Duration.ofMillis(10))));
        DelayProbe probe = started.get(10, TimeUnit.SECONDS);
        CountDownLatch release = new CountDownLatch(1);

        loop.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.read(System.nanoTime()) > FIFTY_MS);
        CountDownLatch ticked = new CountDownLatch(1);
        release.countDown();
        loop.execute(ticked::countDown);
        assertThat(ticked.await(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> probe.read(System.nanoTime()) < FIFTY_MS);
    }

    @Test
    void aLoopSaturatedByLongTurnsReadsLateAtEveryRead() throws Exception {
        CompletableFuture<DelayProbe> started = new CompletableFuture<>();
        loop.execute(() -> started.complete(DelayProbe.start(loop, Duration.ofMillis(10))));
        DelayProbe probe = started.get(10, TimeUnit.SECONDS);
        AtomicBoolean saturate = new AtomicBoolean(true);
        loop.execute(() -> burnEachTurn(saturate));

        Thread.sleep(200);
        List<Long> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(probe.read(System.nanoTime()));
            Thread.sleep(3);
        }
        saturate.set(false);

        assertThat(reads).as("reads while every turn takes 40 ms").allMatch(read -> read > TWENTY_MS);
    }

    private void burnEachTurn(AtomicBoolean saturate) {
        if (!saturate.get()) {
            return;
        }
        long until = System.nanoTime() + Duration.ofMillis(40).toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        loop.setImmediate(() -> burnEachTurn(saturate));
    }
}
