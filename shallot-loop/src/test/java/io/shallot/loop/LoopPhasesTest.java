package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopPhasesTest {

    private static List<String> record(java.util.function.BiConsumer<Loop, List<String>> script) {
        List<String> out = new ArrayList<>();
        Loop.run(loop -> script.accept(loop, out));
        return out;
    }

    private static void busyWait(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void nextTicksRunBeforePromiseJobsAndBothBeforeAnyMacrotask() {
        assertThat(record((loop, out) -> {
            loop.setImmediate(() -> out.add("immediate"));
            Promise.resolve(1).thenRun(() -> out.add("promise"));
            loop.queueMicrotask(() -> out.add("microtask"));
            loop.nextTick(() -> out.add("tick"));
            out.add("main");
        })).containsExactly("main", "tick", "promise", "microtask", "immediate");
    }

    @Test
    void ticksQueuedByAPromiseJobWaitUntilTheMicrotaskQueueIsEmpty() {
        assertThat(record((loop, out) -> {
            Promise.resolve(1).thenRun(() -> {
                out.add("p1");
                loop.nextTick(() -> out.add("tick from p1"));
            }).thenRun(() -> out.add("p2"));
        })).containsExactly("p1", "p2", "tick from p1");
    }

    @Test
    void microtasksAreDrainedAfterEachTimerNotAfterTheWholePhase() {
        assertThat(record((loop, out) -> {
            loop.setTimeout(() -> {
                out.add("t1");
                Promise.resolve(0).thenRun(() -> out.add("p1"));
            }, 1);
            loop.setTimeout(() -> out.add("t2"), 1);
        })).containsExactly("t1", "p1", "t2");
    }

    @Test
    void anImmediateQueuedFromAnImmediateRunsInTheNextIteration() {
        assertThat(record((loop, out) -> {
            loop.setImmediate(() -> {
                out.add("i1");
                loop.setImmediate(() -> out.add("i3"));
            });
            loop.setImmediate(() -> out.add("i2"));
        })).containsExactly("i1", "i2", "i3");
    }

    @Test
    void equalDeadlinesRunInInsertionOrder() {
        assertThat(record((loop, out) -> {
            for (int i = 0; i < 5; i++) {
                int n = i;
                loop.setTimeout(() -> out.add("t" + n), 5);
            }
        })).containsExactly("t0", "t1", "t2", "t3", "t4");
    }

    @Test
    void aTimerDueBeforeTheLoopStartsRunsBeforeImmediates() {
        assertThat(record((loop, out) -> {
            loop.setImmediate(() -> out.add("immediate"));
            loop.setTimeout(() -> out.add("timeout"), 0);
            busyWait(5);
        })).containsExactly("timeout", "immediate");
    }

    @Test
    void insideAnIoCallbackImmediatesRunBeforeTimers() {
        assertThat(record((loop, out) -> loop.fs().stat(".", (error, stat) -> {
            loop.setTimeout(() -> out.add("timeout"), 0);
            loop.setImmediate(() -> out.add("immediate"));
        }))).containsExactly("immediate", "timeout");
    }

    @Test
    void badDelaysBecomeOneMillisecondLikeNode() {
        assertThat(Loop.normalizeDelay(-5)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(Double.NaN)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(0)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(0.5)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(3_000_000_000d)).isEqualTo(1);
        assertThat(Loop.normalizeDelay(1.5)).isEqualTo(2);
        assertThat(record((loop, out) -> {
            loop.setTimeout(() -> out.add("nan"), Double.NaN);
            loop.setTimeout(() -> out.add("negative"), -10);
            loop.setTimeout(() -> out.add("two"), 2);
        })).containsExactly("nan", "negative", "two");
    }

    @Test
    void anIntervalRepeatsUntilCleared() {
        assertThat(record((loop, out) -> {
            AtomicReference<Timer> interval = new AtomicReference<>();
            interval.set(loop.setInterval(() -> {
                out.add("tick " + out.size());
                if (out.size() == 3) {
                    loop.clearInterval(interval.get());
                }
            }, 2));
        })).containsExactly("tick 0", "tick 1", "tick 2");
    }

    @Test
    void aClearedTimerNeverRuns() {
        assertThat(record((loop, out) -> {
            // set second, so it falls due after the first even if this thread stalls in between
            Timer[] later = new Timer[1];
            loop.setTimeout(() -> {
                out.add("first");
                loop.clearTimeout(later[0]);
            }, 1);
            later[0] = loop.setTimeout(() -> out.add("cleared"), 5);
            Immediate immediate = loop.setImmediate(() -> out.add("cleared immediate"));
            loop.clearImmediate(immediate);
        })).containsExactly("first");
    }

    @Test
    void anUnrefdTimerDoesNotKeepTheLoopAlive() {
        long start = System.nanoTime();
        assertThat(record((loop, out) -> {
            loop.setTimeout(() -> out.add("never"), 10_000).unref();
            loop.setTimeout(() -> out.add("short"), 1);
        })).containsExactly("short");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void anUnrefdTimerStillRunsWhileSomethingElseKeepsTheLoopAlive() {
        assertThat(record((loop, out) -> {
            loop.setTimeout(() -> out.add("unrefd"), 2).unref();
            loop.setTimeout(() -> out.add("refd"), 20);
        })).containsExactly("unrefd", "refd");
    }

    @Test
    void refreshRestartsTheCountdown() {
        assertThat(record((loop, out) -> {
            Timer timer = loop.setTimeout(() -> out.add("refreshed"), 30);
            loop.setTimeout(() -> {
                out.add("refresh");
                timer.refresh();
            }, 20);
            loop.setTimeout(() -> out.add("at 40"), 40);
        })).containsExactly("refresh", "at 40", "refreshed");
    }

    @Test
    void aThrowingCallbackIsReportedAndTheLoopGoesOn() {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<String> out = new ArrayList<>();
        Loop.run(LoopOptions.defaults().withOnUncaughtException(reported::add), loop -> {
            loop.setTimeout(() -> {
                throw new IllegalStateException("boom");
            }, 1);
            loop.setTimeout(() -> out.add("still running"), 2);
            loop.nextTick(() -> {
                throw new IllegalArgumentException("tick boom");
            });
        });
        assertThat(out).containsExactly("still running");
        assertThat(reported).extracting(Throwable::getMessage).containsExactly("tick boom", "boom");
    }

    @Test
    void executeFromAnotherThreadRunsOnTheLoopWhileAKeepAliveIsHeld() {
        List<String> out = new CopyOnWriteArrayList<>();
        Loop.run(loop -> {
            KeepAlive hold = loop.keepAlive();
            Thread.ofVirtual().start(() -> loop.execute(() -> {
                out.add("on loop: " + loop.inLoop());
                hold.close();
            }));
        });
        assertThat(out).containsExactly("on loop: true");
    }

    @Test
    void loopOnlyMethodsFailClearlyOnAForeignThread() {
        AtomicReference<Loop> captured = new AtomicReference<>();
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("foreign-test"));
        try {
            assertThatThrownBy(() -> loop.setTimeout(() -> { }, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("setTimeout() must be called on the loop thread foreign-test")
                    .hasMessageContaining("loop.execute");
            assertThatThrownBy(Loop::current)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no event loop on thread");
            loop.execute(() -> captured.set(Loop.current()));
            org.awaitility.Awaitility.await().until(() -> captured.get() == loop);
        } finally {
            loop.shutdown().join();
        }
    }

    @Test
    void runIsRefusedOnALoopThread() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Loop.run(loop -> {
            try {
                Loop.run(inner -> { });
            } catch (IllegalStateException e) {
                error.set(e);
            }
        });
        assertThat(error.get()).hasMessageContaining("would block the event loop thread");
    }

    @Test
    void theLoopDelayShowsABlockingCallback() {
        AtomicReference<LoopDelay> delay = new AtomicReference<>();
        Loop.run(loop -> {
            loop.setTimeout(() -> busyWait(60), 15);
            loop.setTimeout(() -> delay.set(loop.delay()), 120);
        });
        assertThat(delay.get().count()).isPositive();
        assertThat(delay.get().maxMillis()).isGreaterThan(40);
        // the one blocked stretch is an outlier, not the typical delay (no absolute bound: on a busy
        // machine every sample of the loop's delay includes time the thread waited for a core)
        assertThat(delay.get().p50Millis()).isLessThan(delay.get().maxMillis());
    }

    @Test
    void theWatchdogReportsABlockedLoopOnceWithTheBlockingStack() {
        List<BlockedLoopException> reports = new CopyOnWriteArrayList<>();
        Loop.run(LoopOptions.defaults().withBlockedThresholdMs(50).withOnBlocked(reports::add), loop -> {
            loop.setTimeout(() -> holdTheLoopUntilReported(reports, 1), 1);
            loop.setTimeout(() -> busyWait(5), 5);
        });
        assertThat(reports).hasSize(1);
        BlockedLoopException report = reports.get(0);
        assertThat(report.getMessage()).contains("blocked").contains("threshold 50 ms");
        assertThat(report.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("holdTheLoopUntilReported"));
    }

    @Test
    void theWatchdogGoesOnReportingAfterAnOnBlockedHandlerThrows() {
        List<BlockedLoopException> reports = new CopyOnWriteArrayList<>();
        LoopOptions options = LoopOptions.defaults().withBlockedThresholdMs(50).withOnBlocked(report -> {
            reports.add(report);
            throw new IllegalStateException("an onBlocked handler that fails");
        });
        Loop.run(options, loop -> {
            loop.setTimeout(() -> holdTheLoopUntilReported(reports, 1), 1);
            loop.setTimeout(() -> holdTheLoopUntilReported(reports, 2), 5);
        });
        assertThat(reports).hasSize(2);
    }

    /** Blocks until the watchdog has made {@code count} reports (however long a busy machine keeps it off a core), then 200 ms more. */
    private static void holdTheLoopUntilReported(List<BlockedLoopException> reports, int count) {
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (reports.size() < count && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        busyWait(200);
    }
}
