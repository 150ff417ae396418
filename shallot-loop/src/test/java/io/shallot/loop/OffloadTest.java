package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OffloadTest {

    @Test
    void theResultIsDeliveredOnTheCallingLoop() {
        List<String> out = new CopyOnWriteArrayList<>();
        Loop.run(loop -> {
            Thread loopThread = Thread.currentThread();
            loop.offload(() -> {
                out.add("work on loop thread " + (Thread.currentThread() == loopThread));
                out.add("work on " + Thread.currentThread().getName().replaceAll("-\\d+$", "-N"));
                return 6 * 7;
            }).thenAccept(v -> {
                out.add("result " + v);
                out.add("delivered on loop thread " + (Thread.currentThread() == loopThread));
                out.add("Loop.current() is the caller " + (Loop.current() == loop));
            });
        });
        assertThat(out).containsExactly("work on loop thread false", "work on shallot-offload-N", "result 42",
                "delivered on loop thread true", "Loop.current() is the caller true");
    }

    @Test
    void anExceptionIsDeliveredOnTheCallingLoopAsIs() {
        IOException failure = new IOException("cpu work failed");
        AtomicReference<Throwable> reason = new AtomicReference<>();
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        Loop.run(loop -> {
            Thread loopThread = Thread.currentThread();
            loop.<String>offload(() -> {
                throw failure;
            }).recover(e -> {
                reason.set(e);
                onLoop.set(Thread.currentThread() == loopThread);
                return null;
            });
        });
        assertThat(reason.get()).isSameAs(failure);
        assertThat(onLoop.get()).isTrue();
    }

    @Test
    void theLoopStaysResponsiveWhileOffloadedWorkRuns() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger ticksWhileWorking = new AtomicInteger();
        Loop.run(loop -> {
            Timer interval = loop.setInterval(ticks::incrementAndGet, 1);
            // the work runs until the loop has ticked 20 times: a loop blocked by it never would, and
            // the work would give up after 10 s with fewer; no assumption about how fast either runs
            loop.offload(() -> {
                int atStart = ticks.get();
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (ticks.get() - atStart < 20 && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                return ticks.get() - atStart;
            }).thenAccept(seen -> {
                ticksWhileWorking.set(seen);
                loop.clearInterval(interval);
            });
        });
        assertThat(ticksWhileWorking.get()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void runWaitsForOffloadedWork() {
        List<String> out = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Loop.run(loop -> loop.offload(() -> {
            Thread.sleep(150);
            return "done";
        }).thenAccept(out::add));
        assertThat(out).containsExactly("done");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void manyOffloadsAllComeBack() {
        AtomicInteger sum = new AtomicInteger();
        Loop.run(loop -> {
            for (int i = 1; i <= 100; i++) {
                int n = i;
                loop.offload(() -> n).thenAccept(sum::addAndGet);
            }
        });
        assertThat(sum.get()).isEqualTo(5050);
    }

    @Test
    void offloadIsLoopThreadOnly() {
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("offload-owner"));
        try {
            assertThatThrownBy(() -> loop.offload(() -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("offload() must be called on the loop thread offload-owner");
        } finally {
            loop.shutdown().join();
        }
    }
}
