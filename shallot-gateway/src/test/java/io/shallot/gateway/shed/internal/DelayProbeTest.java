package io.shallot.gateway.shed.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayProbeTest {
    private static final long FIFTY_MS = Duration.ofMillis(50).toNanos();

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
}
