package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class PromiseTest {

    private static List<String> record(BiConsumer<Loop, List<String>> script) {
        List<String> out = new CopyOnWriteArrayList<>();
        Loop.run(loop -> script.accept(loop, out));
        return out;
    }

    /** Runs {@code script} and returns what was reported as unhandled rejections. */
    private static List<Throwable> unhandledDuring(java.util.function.Consumer<Loop> script) {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Loop.run(LoopOptions.defaults().withOnUnhandledRejection(reported::add), script);
        return reported;
    }

    private static <T> Promise<T> later(Loop loop, T value, double ms) {
        Deferred<T> deferred = Promise.defer(loop);
        loop.setTimeout(() -> deferred.resolve(value), ms);
        return deferred.promise();
    }

    private static <T> Promise<T> failLater(Loop loop, Throwable reason, double ms) {
        Deferred<T> deferred = Promise.defer(loop);
        loop.setTimeout(() -> deferred.reject(reason), ms);
        return deferred.promise();
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // ---------------------------------------------------------------- settling

    @Test
    void aPromiseSettlesOnceAndTheFirstCallWins() {
        assertThat(record((loop, out) -> {
            Deferred<String> fulfilled = Promise.defer(loop);
            fulfilled.promise().then(v -> out.add("fulfilled " + v), e -> out.add("fulfilled? " + describe(e)));
            fulfilled.resolve("first");
            fulfilled.resolve("second");
            fulfilled.reject(new IllegalStateException("too late"));

            Deferred<String> rejected = Promise.defer(loop);
            rejected.promise().then(v -> out.add("rejected? " + v), e -> out.add("rejected " + e.getMessage()));
            rejected.reject(new IllegalStateException("boom"));
            rejected.resolve("too late");
            rejected.reject(new IllegalStateException("again"));

            Promise.<String>of((resolve, reject) -> {
                resolve.accept("executor value");
                throw new IllegalStateException("a throw after resolve is ignored");
            }).then(v -> out.add("of " + v), e -> out.add("of? " + describe(e)));
        })).containsExactly("fulfilled first", "rejected boom", "of executor value");
    }

    @Test
    void anExecutorThatThrowsRejects() {
        assertThat(record((loop, out) -> Promise.<String>of((resolve, reject) -> {
            throw new IllegalArgumentException("executor failed");
        }).recover(e -> describe(e)).thenAccept(out::add)))
                .containsExactly("IllegalArgumentException: executor failed");
    }

    @Test
    void attemptTurnsAThrowIntoARejectionAndPassesAPromiseThrough() {
        assertThat(record((loop, out) -> {
            Promise.<String>attempt(() -> {
                throw new IllegalArgumentException("refused before any promise");
            }).recover(PromiseTest::describe).thenAccept(out::add);
            Promise.attempt(() -> later(loop, "later value", 1)).thenAccept(out::add);
            Promise.<String>attempt(() -> null).recover(PromiseTest::describe).thenAccept(out::add);
        })).containsExactly(
                "IllegalArgumentException: refused before any promise",
                "NullPointerException: the call returned null instead of a promise",
                "later value");
    }

    @Test
    void aContinuationRunsOnTheOwningLoopWhenSettledFromAnotherThread() throws Exception {
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        AtomicReference<Thread> settler = new AtomicReference<>();
        List<String> out = new CopyOnWriteArrayList<>();
        Loop.run(loop -> {
            loopThread.set(Thread.currentThread());
            KeepAlive hold = loop.keepAlive();
            Deferred<Integer> deferred = Promise.defer(loop);
            deferred.promise().then(v -> v * 2).thenAccept(v -> {
                out.add("value " + v);
                out.add("on loop thread " + (Thread.currentThread() == loopThread.get()));
                out.add("Loop.current() is the owner " + (Loop.current() == loop));
                hold.close();
            });
            Thread t = new Thread(() -> deferred.resolve(21), "settler");
            settler.set(t);
            t.start();
        });
        settler.get().join(5_000);
        assertThat(out).containsExactly("value 42", "on loop thread true", "Loop.current() is the owner true");
    }

    @Test
    void aContinuationAttachedFromAnotherThreadAlsoRunsOnTheOwningLoop() throws Exception {
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("owner-loop"));
        try {
            CompletableFuture<Promise<String>> made = new CompletableFuture<>();
            loop.execute(() -> made.complete(Promise.resolve(loop, "ready")));
            Promise<String> promise = made.get(30, TimeUnit.SECONDS);
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            promise.thenAccept(v -> ranOn.complete(v + " on " + Thread.currentThread().getName()));
            assertThat(ranOn.get(30, TimeUnit.SECONDS)).startsWith("ready on owner-loop");
        } finally {
            loop.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- combinators

    @Test
    void allKeepsInputOrderAndRejectsWithTheFirstRejection() {
        assertThat(record((loop, out) -> {
            Promise.all(List.of(later(loop, "slow", 20), later(loop, "fast", 1), Promise.resolve(loop, "now")))
                    .thenAccept(values -> out.add("all " + values));
            IllegalStateException first = new IllegalStateException("first");
            Promise.all(List.of(later(loop, "ok", 1), failLater(loop, first, 5),
                            failLater(loop, new IllegalStateException("second"), 10)))
                    .then(values -> out.add("all? " + values), e -> out.add("all rejected " + (e == first)));
            // the two all()s race on separate timers: only what each settles with is asserted
        })).containsExactlyInAnyOrder("all rejected true", "all [slow, fast, now]");
    }

    @Test
    void allOfAnEmptyListFulfilsAtOnceWithAnEmptyList() {
        assertThat(record((loop, out) -> {
            Promise<List<Object>> all = Promise.all(List.of());
            out.add("settled " + all.isSettled());
            all.thenAccept(values -> out.add("values " + values));
            Promise<List<Settled<Object>>> allSettled = Promise.allSettled(List.of());
            out.add("allSettled settled " + allSettled.isSettled());
            allSettled.thenAccept(values -> out.add("outcomes " + values));
        })).containsExactly("settled true", "allSettled settled true", "values []", "outcomes []");
    }

    @Test
    void allSettledReportsEveryOutcomeInOrderAndNeverRejects() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<List<Settled<String>>> result = new CopyOnWriteArrayList<>();
        Loop.run(loop -> Promise.allSettled(List.of(later(loop, "a", 10), failLater(loop, boom, 1),
                        Promise.resolve(loop, "c")))
                .thenAccept(result::add));
        assertThat(result).hasSize(1);
        assertThat(result.get(0)).containsExactly(Settled.fulfilled("a"), Settled.rejected(boom), Settled.fulfilled("c"));
    }

    @Test
    void anyFulfilsWithTheFirstValueAndIgnoresRejections() {
        // each later value's timer is set after the earlier one's, so a stalled thread cannot swap them
        assertThat(record((loop, out) -> {
            Promise<String> fast = later(loop, "fast", 5);
            Promise.any(List.of(failLater(loop, new IllegalStateException("x"), 1), later(loop, "slow", 20), fast))
                    .thenAccept(v -> out.add("any " + v));
        })).containsExactly("any fast");
    }

    @Test
    void anyRejectsWithAnAggregateExceptionHoldingEveryReasonInInputOrder() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b");
        AtomicReference<Throwable> reason = new AtomicReference<>();
        Loop.run(loop -> Promise.any(List.<Promise<String>>of(failLater(loop, a, 10), failLater(loop, b, 1)))
                .then(v -> v, e -> {
                    reason.set(e);
                    return null;
                }));
        assertThat(reason.get()).isInstanceOf(AggregateException.class).hasMessage("All promises were rejected");
        assertThat(((AggregateException) reason.get()).errors()).containsExactly(a, b);
    }

    @Test
    void anyOfAnEmptyListRejectsWithAnEmptyAggregateException() {
        AtomicReference<Throwable> reason = new AtomicReference<>();
        AtomicBoolean settledAtOnce = new AtomicBoolean();
        Loop.run(loop -> {
            Promise<Object> any = Promise.any(List.of());
            settledAtOnce.set(any.isSettled());
            any.recover(e -> {
                reason.set(e);
                return null;
            });
        });
        assertThat(settledAtOnce).isTrue();
        assertThat(reason.get()).isInstanceOf(AggregateException.class).hasMessage("All promises were rejected");
        assertThat(((AggregateException) reason.get()).errors()).isEmpty();
    }

    /**
     * Regression: AggregateException used to call {@code super(message, null, false, false)}, with
     * suppression disabled, so {@code errors.forEach(this::addSuppressed)} was a silent no-op and the
     * reasons never showed in a logged stack trace (fixed in 0f5e911).
     */
    @Test
    void anAggregateExceptionShowsItsReasonsAsSuppressed() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b");
        assertThat(new AggregateException(List.of(a, b)).getSuppressed()).containsExactly(a, b);
    }

    @Test
    void raceSettlesLikeTheFirstToSettle() {
        assertThat(record((loop, out) -> {
            // each later value's timer is set after the earlier one's, so a stalled thread cannot swap them
            Promise<String> fast = later(loop, "fast", 2);
            Promise.race(List.of(later(loop, "slow", 20), fast)).thenAccept(v -> out.add("race " + v));
            Promise<String> fail = failLater(loop, new IllegalStateException("fail"), 5);
            Promise.race(List.<Promise<String>>of(later(loop, "slow", 20), fail))
                    .then(v -> out.add("race2? " + v), e -> out.add("race2 rejected " + e.getMessage()));
        })).containsExactlyInAnyOrder("race fast", "race2 rejected fail");
    }

    @Test
    void raceOfAnEmptyListStaysPendingAndDoesNotKeepTheLoopAlive() {
        AtomicReference<Promise<Object>> race = new AtomicReference<>();
        long start = System.nanoTime();
        List<String> out = record((loop, o) -> {
            race.set(Promise.race(List.of()));
            race.get().then(v -> o.add("fulfilled?"), e -> o.add("rejected?"));
        });
        assertThat(out).isEmpty();
        assertThat(race.get().isSettled()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    // ---------------------------------------------------------------- from(CompletionStage)

    @Test
    void fromFollowsACompletedStage() {
        assertThat(record((loop, out) -> Promise.from(CompletableFuture.completedFuture("done"))
                .thenAccept(v -> out.add(v + " on loop " + loop.inLoop()))))
                .containsExactly("done on loop true");
    }

    @Test
    void fromAnExceptionallyCompletedFutureRejectsWithTheCauseItself() {
        IOException disk = new IOException("disk");
        IllegalArgumentException bad = new IllegalArgumentException("bad input");
        List<Throwable> reasons = new CopyOnWriteArrayList<>();
        Loop.run(loop -> {
            Promise.from(CompletableFuture.<String>failedFuture(disk)).recover(e -> {
                reasons.add(e);
                return null;
            });
            // a dependent stage fails with CompletionException(cause): the cause is unwrapped
            CompletableFuture<String> base = new CompletableFuture<>();
            CompletionStage<String> failing = base.thenApply(v -> {
                throw bad;
            });
            Promise.from(failing).recover(e -> {
                reasons.add(e);
                return null;
            });
            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS).execute(() -> base.complete("x"));
            // explicitly wrapped
            Promise.from(CompletableFuture.<String>failedFuture(new CompletionException(disk))).recover(e -> {
                reasons.add(e);
                return null;
            });
        });
        assertThat(reasons).containsExactlyInAnyOrder(disk, bad, disk);
    }

    @Test
    void aPendingStageKeepsLoopRunAlive() {
        long start = System.nanoTime();
        List<String> out = record((loop, o) -> {
            CompletableFuture<String> late = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> late.complete("late"));
            Promise.from(late).thenAccept(v -> o.add(v + " on loop " + loop.inLoop()));
        });
        assertThat(out).containsExactly("late on loop true");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
    }

    // ---------------------------------------------------------------- recover, recoverWith, andFinally, compose

    @Test
    void recoverTurnsARejectionIntoAValueAndLetsAValueThrough() {
        assertThat(record((loop, out) -> {
            Promise.<String>reject(loop, new IllegalStateException("boom"))
                    .recover(e -> "recovered from " + e.getMessage())
                    .thenAccept(out::add);
            Promise.resolve(loop, "value")
                    .recover(e -> "not called")
                    .thenAccept(out::add);
            Promise.<String>reject(loop, new IllegalStateException("first"))
                    .recover(e -> {
                        throw new IllegalArgumentException("handler failed");
                    })
                    .recover(PromiseTest::describe)
                    .thenAccept(out::add);
        })).containsExactly("recovered from boom", "value", "IllegalArgumentException: handler failed");
    }

    @Test
    void recoverWithAdoptsTheReturnedPromise() {
        assertThat(record((loop, out) -> {
            Promise.<String>reject(loop, new IllegalStateException("boom"))
                    .recoverWith(e -> later(loop, "adopted later", 5))
                    .thenAccept(out::add);
            Promise.<String>reject(loop, new IllegalStateException("boom"))
                    .recoverWith(e -> Promise.reject(loop, new IllegalArgumentException("still failing")))
                    .recover(PromiseTest::describe)
                    .thenAccept(out::add);
        })).containsExactly("IllegalArgumentException: still failing", "adopted later");
    }

    @Test
    void andFinallyRunsOnBothOutcomesAndPassesTheOutcomeThrough() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThat(record((loop, out) -> {
            Promise.resolve(loop, "v")
                    .andFinally(() -> out.add("finally 1"))
                    .thenAccept(v -> out.add("value " + v));
            Promise.<String>reject(loop, boom)
                    .andFinally(() -> out.add("finally 2"))
                    .then(v -> out.add("value? " + v), e -> out.add("same reason " + (e == boom)));
        })).containsExactly("finally 1", "finally 2", "value v", "same reason true");
    }

    @Test
    void aThrowInAndFinallyRejectsWithThatThrow() {
        assertThat(record((loop, out) -> {
            Promise.resolve(loop, "v")
                    .andFinally(() -> {
                        throw new IllegalStateException("finally failed");
                    })
                    .then(v -> out.add("value? " + v), e -> out.add("after value: " + describe(e)));
            Promise.<String>reject(loop, new IllegalArgumentException("original"))
                    .andFinally(() -> {
                        throw new IllegalStateException("finally failed too");
                    })
                    .then(v -> out.add("value? " + v), e -> out.add("after rejection: " + describe(e)));
        })).containsExactly("after value: IllegalStateException: finally failed",
                "after rejection: IllegalStateException: finally failed too");
    }

    /**
     * Regression: andFinally's rejected branch used to rethrow the reason through
     * {@code rethrowable(reason)}, which wraps a checked exception in a CompletionException, so
     * {@code p.finally(f)} changed the reason of a promise rejected with e.g. an IOException. JS keeps
     * the very same reason (fixed in 0f5e911).
     */
    @Test
    void andFinallyKeepsACheckedRejectionReasonAsIs() {
        IOException io = new IOException("disk");
        AtomicReference<Throwable> reason = new AtomicReference<>();
        Loop.run(loop -> Promise.<String>reject(loop, io)
                .andFinally(() -> { })
                .recover(e -> {
                    reason.set(e);
                    return null;
                }));
        assertThat(reason.get()).isSameAs(io);
    }

    @Test
    void composeAdoptsARejectedPromiseWithoutReportingItAsUnhandled() {
        IllegalStateException inner = new IllegalStateException("inner");
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        List<Throwable> unhandled = unhandledDuring(loop -> Promise.resolve(loop, 1)
                .compose(v -> Promise.<Integer>reject(loop, inner))
                .recover(e -> {
                    seen.add(e);
                    return 0;
                }));
        assertThat(seen).containsExactly(inner);
        assertThat(unhandled).isEmpty();
    }

    @Test
    void composeAdoptsAPromiseFulfilledLater() {
        assertThat(record((loop, out) -> Promise.resolve(loop, 20)
                .compose(v -> later(loop, v + 1, 5))
                .compose(v -> Promise.resolve(loop, v * 2))
                .thenAccept(v -> out.add("value " + v))))
                .containsExactly("value 42");
    }

    @Test
    void aChainingCycleRejects() {
        List<String> out = record((loop, o) -> {
            AtomicReference<Promise<Integer>> self = new AtomicReference<>();
            Promise<Integer> cyclic = Promise.resolve(loop, 1).compose(v -> self.get());
            self.set(cyclic);
            cyclic.then(v -> o.add("value? " + v), e -> o.add("compose: " + describe(e)));

            AtomicReference<Promise<Integer>> self2 = new AtomicReference<>();
            Promise<Integer> cyclic2 = Promise.<Integer>reject(loop, new IllegalStateException("x"))
                    .recoverWith(e -> self2.get());
            self2.set(cyclic2);
            cyclic2.then(v -> o.add("value? " + v), e -> o.add("recoverWith: " + describe(e)));
        });
        assertThat(out).containsExactly(
                "compose: IllegalStateException: Chaining cycle detected for promise",
                "recoverWith: IllegalStateException: Chaining cycle detected for promise");
    }

    @Test
    void composeReturningNullRejectsWithANullPointerException() {
        assertThat(record((loop, out) -> Promise.resolve(loop, 1)
                .compose(v -> (Promise<Integer>) null)
                .then(v -> out.add("value? " + v), e -> out.add(e.getClass().getSimpleName()))))
                .containsExactly("NullPointerException");
    }

    // ---------------------------------------------------------------- ending a chain, looking now

    @Test
    void whenSettledGetsTheValueOrTheReasonAMicrotaskLaterAndHandlesTheRejection() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> out = new CopyOnWriteArrayList<>();
        List<Throwable> unhandled = unhandledDuring(loop -> {
            Promise.resolve(loop, "value").whenSettled((error, value) -> out.add("fulfilled " + error + " " + value));
            Promise.<String>reject(loop, boom).whenSettled((error, value) -> out.add("rejected " + error.getMessage() + " " + value));
            later(loop, "later", 5).whenSettled((error, value) -> out.add("later " + value));
            out.add("sync");
            loop.queueMicrotask(() -> out.add("queued first"));
        });
        assertThat(unhandled).isEmpty();
        // like then(): even a settled promise calls back from the microtask queue, in attach order
        assertThat(out).containsExactly("sync", "fulfilled null value", "rejected boom null", "queued first", "later later");
    }

    @Test
    void aThrowFromAWhenSettledCallbackIsAnUncaughtExceptionAndTheLoopGoesOn() {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        List<String> out = new CopyOnWriteArrayList<>();
        IllegalStateException thrown = new IllegalStateException("thrown by the callback");
        Loop.run(LoopOptions.defaults().withOnUncaughtException(uncaught::add), loop -> {
            Promise.resolve(loop, 1).whenSettled((error, value) -> {
                throw thrown;
            });
            Promise.resolve(loop, 2).whenSettled((error, value) -> out.add("next callback " + value));
        });
        assertThat(uncaught).containsExactly(thrown);
        assertThat(out).containsExactly("next callback 2");
    }

    @Test
    void resultNowGivesAFulfilledValueAndRefusesAPendingOrRejectedPromise() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Object> out = new CopyOnWriteArrayList<>();
        List<Throwable> unhandled = unhandledDuring(loop -> {
            Promise<String> fulfilled = Promise.resolve(loop, "now");
            out.add(fulfilled.isFulfilled());
            out.add(fulfilled.resultNow());
            Deferred<String> pending = Promise.defer(loop);
            out.add(pending.promise().isFulfilled());
            assertThatThrownBy(() -> pending.promise().resultNow())
                    .isInstanceOf(IllegalStateException.class).hasMessage("the promise is pending");
            pending.resolve("settled later");
            out.add(pending.promise().isFulfilled());
            Promise<String> rejected = Promise.reject(loop, boom);
            out.add(rejected.isFulfilled());
            assertThatThrownBy(rejected::resultNow)
                    .isInstanceOf(IllegalStateException.class).hasCause(boom);
            rejected.recover(e -> null);
        });
        assertThat(unhandled).isEmpty();
        assertThat(out).containsExactly(true, "now", false, true, false);
    }

    @Test
    void onLoopKeepsAPromiseOfThatLoopAndMovesAnotherLoopsPromiseOntoIt() {
        Loop other = Loop.start(LoopOptions.defaults().withThreadName("foreign"));
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> out = new CopyOnWriteArrayList<>();
        try {
            List<Throwable> unhandled = unhandledDuring(loop -> {
                Promise<String> own = Promise.resolve(loop, "own");
                out.add(own.onLoop(loop) == own ? "same promise" : "a copy");
                String here = Thread.currentThread().getName();
                Deferred<String> fulfilled = Promise.defer(other);
                Deferred<String> rejected = Promise.defer(other);
                KeepAlive waiting = loop.keepAlive();
                fulfilled.promise().onLoop(loop).then(v -> out.add(v + " on " + (Thread.currentThread().getName().equals(here) ? "this loop" : "foreign")));
                rejected.promise().onLoop(loop)
                        .recover(e -> e.getMessage() + " on " + (Thread.currentThread().getName().equals(here) ? "this loop" : "foreign"))
                        .thenAccept(out::add)
                        .andFinally(waiting::close);
                other.execute(() -> {
                    fulfilled.resolve("value");
                    other.setTimeout(() -> rejected.reject(boom), 20);
                });
            });
            assertThat(unhandled).isEmpty();
        } finally {
            other.shutdown().join();
        }
        assertThat(out).containsExactly("same promise", "value on this loop", "boom on this loop");
    }

    // ---------------------------------------------------------------- unhandled rejections

    @Test
    void anUnhandledRejectionIsReportedExactlyOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Throwable> unhandled = unhandledDuring(loop -> {
            // only the tail of the chain has no handler: one report, carrying the original reason
            Promise.<Integer>reject(loop, boom).then(v -> v + 1).then(v -> v * 2);
            // later iterations drain again: no second report
            loop.setImmediate(() -> { });
            loop.setTimeout(() -> loop.nextTick(() -> { }), 5);
        });
        assertThat(unhandled).containsExactly(boom);
    }

    @Test
    void aHandlerAttachedInALaterMicrotaskOfTheSameDrainPreventsTheReport() {
        List<String> out = new CopyOnWriteArrayList<>();
        List<Throwable> unhandled = unhandledDuring(loop -> {
            Promise<String> rejected = Promise.reject(loop, new IllegalStateException("handled late"));
            loop.queueMicrotask(() -> loop.queueMicrotask(() -> loop.queueMicrotask(() ->
                    rejected.recover(e -> "caught " + e.getMessage()).thenAccept(out::add))));
            // also from a nextTick queued by a microtask: Node reports only after ticks and microtasks
            Promise<String> rejected2 = Promise.reject(loop, new IllegalStateException("handled in a tick"));
            loop.queueMicrotask(() -> loop.nextTick(() ->
                    rejected2.recover(e -> "caught " + e.getMessage()).thenAccept(out::add)));
        });
        assertThat(unhandled).isEmpty();
        assertThat(out).containsExactly("caught handled late", "caught handled in a tick");
    }

    @Test
    void aHandlerAttachedInALaterMacrotaskComesTooLate() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> out = new CopyOnWriteArrayList<>();
        List<Throwable> unhandled = unhandledDuring(loop -> {
            Promise<String> rejected = Promise.reject(loop, boom);
            loop.setImmediate(() -> rejected.recover(e -> "still catchable").thenAccept(out::add));
        });
        assertThat(unhandled).containsExactly(boom);
        assertThat(out).containsExactly("still catchable");
    }

    // ---------------------------------------------------------------- await

    @Test
    void awaitIsRefusedOnTheLoopThread() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Loop.run(loop -> {
            try {
                Promise.resolve(loop, 1).await();
            } catch (Throwable t) {
                error.set(t);
            }
        });
        assertThat(error.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Promise.await() would block the event loop thread")
                .hasMessageContaining("virtual thread");
    }

    @Test
    void awaitIsRefusedOnAnotherLoopsThreadToo() throws Exception {
        Loop owner = Loop.start(LoopOptions.defaults().withThreadName("await-owner"));
        Loop other = Loop.start(LoopOptions.defaults().withThreadName("await-other"));
        try {
            CompletableFuture<Promise<String>> made = new CompletableFuture<>();
            owner.execute(() -> made.complete(Promise.resolve(owner, "x")));
            Promise<String> promise = made.get(30, TimeUnit.SECONDS);
            CompletableFuture<Throwable> error = new CompletableFuture<>();
            other.execute(() -> {
                try {
                    promise.await();
                    error.complete(null);
                } catch (Throwable t) {
                    error.complete(t);
                }
            });
            assertThat(error.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would block the event loop thread await-other");
        } finally {
            owner.shutdown().get(30, TimeUnit.SECONDS);
            other.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void awaitWorksOnAVirtualThreadAndRethrowsARuntimeExceptionAsIs() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException io = new IOException("checked");
        List<Object> results = new CopyOnWriteArrayList<>();
        Loop.run(loop -> {
            KeepAlive hold = loop.keepAlive();
            // the rejections come after the virtual thread has subscribed, so none is reported unhandled
            Promise<String> value = later(loop, "late value", 5);
            Promise<String> failure = failLater(loop, boom, 100);
            Promise<String> checked = failLater(loop, io, 120);
            Thread.ofVirtual().start(() -> {
                try {
                    results.add("virtual " + Thread.currentThread().isVirtual());
                    results.add(value.await());
                    try {
                        failure.await();
                    } catch (RuntimeException e) {
                        results.add(e);
                    }
                    try {
                        checked.await();
                    } catch (CompletionException e) {
                        results.add(e.getCause());
                    }
                } finally {
                    hold.close();
                }
            });
        });
        assertThat(results).containsExactly("virtual true", "late value", boom, io);
    }

    @Test
    void toCompletableFutureCompletesFromTheLoop() throws Exception {
        AtomicReference<CompletableFuture<String>> future = new AtomicReference<>();
        Loop.run(loop -> future.set(later(loop, "v", 5).toCompletableFuture()));
        assertThat(future.get().get(1, TimeUnit.SECONDS)).isEqualTo("v");
    }

    @Test
    void rejectOffTheLoopThreadIsRefused() {
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("reject-owner"));
        try {
            assertThatThrownBy(() -> Promise.reject(loop, new IllegalStateException("x")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be called on the loop thread reject-owner");
        } finally {
            loop.shutdown().join();
        }
    }

    @Test
    void settledOrderFollowsJsJobSemantics() {
        // p.then chain vs. a compose: adopting a returned promise costs two extra hops, as in JS
        List<String> out = new ArrayList<>();
        Loop.run(loop -> {
            Promise.resolve(loop, 0)
                    .compose(v -> Promise.resolve(loop, "composed"))
                    .thenAccept(out::add);
            Promise.resolve(loop, 0)
                    .then(v -> {
                        out.add("a1");
                        return v;
                    })
                    .then(v -> {
                        out.add("a2");
                        return v;
                    })
                    .then(v -> {
                        out.add("a3");
                        return v;
                    })
                    .then(v -> {
                        out.add("a4");
                        return v;
                    });
        });
        // node: Promise.resolve(0).then(() => Promise.resolve('composed')).then(log) vs. four thens
        assertThat(out).containsExactly("a1", "a2", "a3", "composed", "a4");
    }
}
