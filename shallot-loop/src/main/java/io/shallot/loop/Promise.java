package io.shallot.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A JavaScript promise owned by one {@link Loop}: it settles once, and every continuation runs as
 * a microtask on the owning loop, whatever thread settled it. The job model is ECMAScript's, so
 * chains interleave exactly as in Node: a continuation costs one microtask hop, adopting a promise
 * returned by {@link #compose} or {@link #recoverWith} costs two more (NewPromiseResolveThenableJob).
 *
 * <p>Continuations may be attached from any thread (they hop onto the loop). {@link #await()}
 * blocks, so it is refused on a loop thread; use it on virtual threads and in tests.
 *
 * <p>A promise rejected with no handler once the microtask queue has drained is reported, like
 * Node's {@code unhandledRejection} (see {@link LoopOptions#onUnhandledRejection()}).
 */
public final class Promise<T> {
    private static final int PENDING = 0;
    private static final int FULFILLED = 1;
    private static final int REJECTED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Promise.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Loop loop;
    /**
     * Written on the loop thread only, with release semantics so that {@link #isSettled()} from
     * another thread sees the result too; the loop thread reads it plainly. A volatile field would
     * put a full fence in every settlement, several per request on a server.
     */
    private int state;
    private Object result;
    private boolean locked;
    private boolean handled;
    private Object reactions;

    Promise(Loop loop) {
        this.loop = loop;
    }

    // ---------------------------------------------------------------- creating

    public static <T> Promise<T> resolve(T value) {
        return resolve(Loop.current(), value);
    }

    public static <T> Promise<T> resolve(Loop loop, T value) {
        Promise<T> p = new Promise<>(loop);
        p.result = value;
        p.state = FULFILLED;
        return p;
    }

    public static <T> Promise<T> reject(Throwable reason) {
        return reject(Loop.current(), reason);
    }

    public static <T> Promise<T> reject(Loop loop, Throwable reason) {
        Promise<T> p = new Promise<>(loop);
        loop.checkThread("Promise.reject");
        p.settle(REJECTED, Objects.requireNonNull(reason, "reason"));
        return p;
    }

    /** {@code new Promise((resolve, reject) -> ...)}: the executor runs now; a throw rejects. */
    public static <T> Promise<T> of(BiConsumer<Consumer<T>, Consumer<Throwable>> executor) {
        Deferred<T> deferred = defer();
        try {
            executor.accept(deferred::resolve, deferred::reject);
        } catch (Throwable t) {
            deferred.reject(t);
        }
        return deferred.promise();
    }

    /**
     * JavaScript's {@code Promise.try}: the promise {@code call} returns, or a promise rejected with
     * what it threw, so a caller handles a refused argument and a failed operation in one place.
     */
    public static <T> Promise<T> attempt(Supplier<? extends Promise<T>> call) {
        Loop loop = Loop.current();
        try {
            return Objects.requireNonNull(call.get(), "the call returned null instead of a promise");
        } catch (Throwable t) {
            return reject(loop, t);
        }
    }

    public static <T> Deferred<T> defer() {
        return defer(Loop.current());
    }

    /** A pending promise on {@code loop} with its resolving functions, usable from any thread. */
    public static <T> Deferred<T> defer(Loop loop) {
        return new Deferred<>(new Promise<>(Objects.requireNonNull(loop, "loop")));
    }

    public static <T> Promise<T> from(CompletionStage<T> stage) {
        return from(Loop.current(), stage);
    }

    /**
     * A promise on {@code loop} that follows {@code stage}; while the stage is pending it keeps the
     * loop alive, like an in-flight request. A {@link CompletionException} is unwrapped.
     */
    public static <T> Promise<T> from(Loop loop, CompletionStage<T> stage) {
        Deferred<T> deferred = defer(loop);
        KeepAlive hold = loop.inLoop() ? loop.keepAlive() : null;
        stage.whenComplete((value, error) -> {
            Runnable settle = () -> {
                if (hold != null) {
                    hold.close();
                }
                if (error != null) {
                    deferred.reject(unwrap(error));
                } else {
                    deferred.resolve(value);
                }
            };
            if (loop.inLoop()) {
                settle.run();
            } else {
                loop.execute(settle);
            }
        });
        return deferred.promise();
    }

    // ---------------------------------------------------------------- continuing

    /** {@code then(onFulfilled)}: maps the value; a rejection passes through. */
    public <R> Promise<R> then(Function<? super T, ? extends R> onFulfilled) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        Promise<R> next = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            @SuppressWarnings("unchecked")
            void fulfilled(Object value) {
                next.settleWith(onFulfilled, (T) value);
            }

            @Override
            void rejected(Throwable reason) {
                next.settle(REJECTED, reason);
            }
        });
        return next;
    }

    /** {@code then(onFulfilled, onRejected)}: exactly one of the two runs. */
    public <R> Promise<R> then(Function<? super T, ? extends R> onFulfilled, Function<Throwable, ? extends R> onRejected) {
        Objects.requireNonNull(onFulfilled, "onFulfilled");
        Objects.requireNonNull(onRejected, "onRejected");
        Promise<R> next = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            @SuppressWarnings("unchecked")
            void fulfilled(Object value) {
                next.settleWith(onFulfilled, (T) value);
            }

            @Override
            void rejected(Throwable reason) {
                next.settleWith(onRejected, reason);
            }
        });
        return next;
    }

    public Promise<Void> thenAccept(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        return then(value -> {
            action.accept(value);
            return null;
        });
    }

    public Promise<Void> thenRun(Runnable action) {
        Objects.requireNonNull(action, "action");
        return then(value -> {
            action.run();
            return null;
        });
    }

    /**
     * Ends a chain: {@code callback} gets {@code (null, value)} or {@code (reason, null)} a microtask
     * after this settles, as a {@code then} continuation would. Nothing is chained, so where the
     * promise {@code then} returns would be dropped (a server finishing a request) this costs one
     * reaction instead of a promise, a reaction and two functions. It handles a rejection. A throw
     * from the callback is an uncaught exception on the loop, as a throw from a Node callback is.
     */
    public void whenSettled(Callback<? super T> callback) {
        Objects.requireNonNull(callback, "callback");
        addReaction(new Reaction() {
            @Override
            @SuppressWarnings("unchecked")
            void fulfilled(Object value) {
                callback.call(null, (T) value);
            }

            @Override
            void rejected(Throwable reason) {
                callback.call(reason, null);
            }
        });
    }

    /** {@code then(v => promise)}: the returned promise is adopted, as JS adopts a thenable. */
    public <R> Promise<R> compose(Function<? super T, ? extends Promise<R>> next) {
        Objects.requireNonNull(next, "next");
        Promise<R> out = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            @SuppressWarnings("unchecked")
            void fulfilled(Object value) {
                out.adoptFrom(() -> next.apply((T) value));
            }

            @Override
            void rejected(Throwable reason) {
                out.settle(REJECTED, reason);
            }
        });
        return out;
    }

    /** {@code catch(e => value)}. */
    public Promise<T> recover(Function<Throwable, ? extends T> handler) {
        Objects.requireNonNull(handler, "handler");
        Promise<T> next = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            void fulfilled(Object value) {
                next.settle(FULFILLED, value);
            }

            @Override
            void rejected(Throwable reason) {
                next.settleWith(handler, reason);
            }
        });
        return next;
    }

    /** {@code catch(e => promise)}: the returned promise is adopted. */
    public Promise<T> recoverWith(Function<Throwable, ? extends Promise<T>> handler) {
        Objects.requireNonNull(handler, "handler");
        Promise<T> next = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            void fulfilled(Object value) {
                next.settle(FULFILLED, value);
            }

            @Override
            void rejected(Throwable reason) {
                next.adoptFrom(() -> handler.apply(reason));
            }
        });
        return next;
    }

    /** {@code finally(action)}, with the same microtask cost as JS's. A throw from action rejects. */
    public Promise<T> andFinally(Runnable action) {
        Objects.requireNonNull(action, "action");
        Promise<T> next = new Promise<>(loop);
        addReaction(new Reaction() {
            @Override
            void fulfilled(Object value) {
                next.adoptFrom(() -> {
                    action.run();
                    return Promise.<Object>resolve(loop, null).then(ignored -> value);
                });
            }

            @Override
            void rejected(Throwable reason) {
                next.adoptFrom(() -> {
                    action.run();
                    Promise<Object> rethrown = new Promise<>(loop);
                    Promise.<Object>resolve(loop, null).addReaction(new Reaction() {
                        @Override
                        void fulfilled(Object ignored) {
                            rethrown.settle(REJECTED, reason);
                        }

                        @Override
                        void rejected(Throwable ignored) {
                            rethrown.settle(REJECTED, reason);
                        }
                    });
                    return rethrown;
                });
            }
        });
        return next;
    }

    // ---------------------------------------------------------------- combining

    /** Fulfils with every value in order, or rejects with the first rejection. */
    public static <T> Promise<List<T>> all(List<? extends Promise<? extends T>> promises) {
        Loop loop = Loop.current();
        Promise<List<T>> out = new Promise<>(loop);
        int n = promises.size();
        if (n == 0) {
            out.settle(FULFILLED, List.of());
            return out;
        }
        Object[] values = new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).onLoop(loop).addReaction(new Reaction() {
                @Override
                @SuppressWarnings("unchecked")
                void fulfilled(Object value) {
                    values[index] = value;
                    if (--remaining[0] == 0) {
                        out.settle(FULFILLED, Collections.unmodifiableList((List<T>) Arrays.asList(values)));
                    }
                }

                @Override
                void rejected(Throwable reason) {
                    out.settle(REJECTED, reason);
                }
            });
        }
        return out;
    }

    /** Fulfils, once all have settled, with each outcome in order. Never rejects. */
    public static <T> Promise<List<Settled<T>>> allSettled(List<? extends Promise<? extends T>> promises) {
        Loop loop = Loop.current();
        Promise<List<Settled<T>>> out = new Promise<>(loop);
        int n = promises.size();
        if (n == 0) {
            out.settle(FULFILLED, List.of());
            return out;
        }
        @SuppressWarnings("unchecked")
        Settled<T>[] outcomes = new Settled[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).onLoop(loop).addReaction(new Reaction() {
                @Override
                @SuppressWarnings("unchecked")
                void fulfilled(Object value) {
                    done(Settled.fulfilled((T) value));
                }

                @Override
                void rejected(Throwable reason) {
                    done(Settled.rejected(reason));
                }

                private void done(Settled<T> outcome) {
                    outcomes[index] = outcome;
                    if (--remaining[0] == 0) {
                        out.settle(FULFILLED, List.of(outcomes));
                    }
                }
            });
        }
        return out;
    }

    /** Fulfils with the first value; rejects with an {@link AggregateException} when all reject. */
    public static <T> Promise<T> any(List<? extends Promise<? extends T>> promises) {
        Loop loop = Loop.current();
        Promise<T> out = new Promise<>(loop);
        int n = promises.size();
        if (n == 0) {
            out.settle(REJECTED, new AggregateException(List.of()));
            return out;
        }
        Throwable[] errors = new Throwable[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            promises.get(i).onLoop(loop).addReaction(new Reaction() {
                @Override
                void fulfilled(Object value) {
                    out.settle(FULFILLED, value);
                }

                @Override
                void rejected(Throwable reason) {
                    errors[index] = reason;
                    if (--remaining[0] == 0) {
                        out.settle(REJECTED, new AggregateException(List.of(errors)));
                    }
                }
            });
        }
        return out;
    }

    /** Settles like the first of {@code promises} to settle; stays pending for an empty list. */
    public static <T> Promise<T> race(List<? extends Promise<? extends T>> promises) {
        Loop loop = Loop.current();
        Promise<T> out = new Promise<>(loop);
        for (Promise<? extends T> p : promises) {
            p.onLoop(loop).addReaction(new Reaction() {
                @Override
                void fulfilled(Object value) {
                    out.settle(FULFILLED, value);
                }

                @Override
                void rejected(Throwable reason) {
                    out.settle(REJECTED, reason);
                }
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- leaving the loop

    /**
     * Blocks until settled and returns the value, or throws the rejection (a checked one wrapped in
     * {@link CompletionException}). Refused on a loop thread: it would block the loop.
     */
    public T await() {
        if (loop.inLoop() || isLoopThread()) {
            throw new IllegalStateException("Promise.await() would block the event loop thread "
                    + Thread.currentThread().getName() + "; chain with then()/compose() on the loop,"
                    + " or await from a virtual thread");
        }
        try {
            return toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while awaiting a promise", e);
        }
    }

    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        addReaction(new Reaction() {
            @Override
            @SuppressWarnings("unchecked")
            void fulfilled(Object value) {
                future.complete((T) value);
            }

            @Override
            void rejected(Throwable reason) {
                future.completeExceptionally(reason);
            }
        });
        return future;
    }

    public Loop loop() {
        return loop;
    }

    /**
     * This promise if it belongs to {@code target}; else a promise of {@code target} that settles
     * as this one does, so that what is chained on it runs on {@code target}'s thread. For a
     * promise that came from another loop (a library's own) into code whose state is one loop's.
     */
    public Promise<T> onLoop(Loop target) {
        Objects.requireNonNull(target, "target");
        if (loop == target) {
            return this;
        }
        Promise<T> local = new Promise<>(target);
        addReaction(new Reaction() {
            @Override
            void fulfilled(Object value) {
                local.fulfillFromAnyThread(value);
            }

            @Override
            void rejected(Throwable reason) {
                local.rejectFromAnyThread(reason);
            }
        });
        return local;
    }

    public boolean isSettled() {
        return (int) STATE.getAcquire(this) != PENDING;
    }

    /** Whether this promise is fulfilled (then {@link #resultNow()} is its value); from any thread. */
    public boolean isFulfilled() {
        return (int) STATE.getAcquire(this) == FULFILLED;
    }

    /**
     * The value of a fulfilled promise, as {@link java.util.concurrent.Future#resultNow()}: lets a
     * caller that already holds a fulfilled promise skip a continuation's microtask.
     *
     * @throws IllegalStateException while pending or when rejected
     */
    @SuppressWarnings("unchecked")
    public T resultNow() {
        int current = (int) STATE.getAcquire(this);
        if (current == FULFILLED) {
            return (T) result;
        }
        throw new IllegalStateException(current == PENDING ? "the promise is pending"
                : "the promise was rejected: " + result, current == PENDING ? null : (Throwable) result);
    }

    // ---------------------------------------------------------------- machinery

    abstract static class Reaction implements Runnable {
        private Promise<?> source;

        abstract void fulfilled(Object value);

        abstract void rejected(Throwable reason);

        @Override
        public final void run() {
            if (source.state == FULFILLED) {
                fulfilled(source.result);
            } else {
                rejected((Throwable) source.result);
            }
        }
    }

    void addReaction(Reaction reaction) {
        if (!loop.inLoop()) {
            loop.execute(() -> addReaction(reaction));
            return;
        }
        reaction.source = this;
        if (state == PENDING) {
            if (reactions == null) {
                reactions = reaction;
            } else if (reactions instanceof Reaction first) {
                List<Reaction> list = new ArrayList<>(4);
                list.add(first);
                list.add(reaction);
                reactions = list;
            } else {
                @SuppressWarnings("unchecked")
                List<Reaction> list = (List<Reaction>) reactions;
                list.add(reaction);
            }
        } else {
            if (state == REJECTED && !handled) {
                loop.microtasks.handlerAdded(this);
            }
            loop.microtasks.enqueue(reaction);
        }
        handled = true;
    }

    /** Settles on the loop thread; later calls, and calls after adoption began, are ignored. */
    void settle(int newState, Object value) {
        if (state != PENDING || locked) {
            return;
        }
        result = value;
        STATE.setRelease(this, newState);
        Object pendingReactions = reactions;
        reactions = null;
        if (pendingReactions == null) {
            if (newState == REJECTED && !handled) {
                loop.microtasks.rejectedWithoutHandler(this);
            }
        } else if (pendingReactions instanceof Reaction single) {
            loop.microtasks.enqueue(single);
        } else {
            @SuppressWarnings("unchecked")
            List<Reaction> list = (List<Reaction>) pendingReactions;
            for (Reaction r : list) {
                loop.microtasks.enqueue(r);
            }
        }
    }

    void settleFromAnyThread(int newState, Object value) {
        if (loop.inLoop()) {
            settle(newState, value);
        } else {
            loop.execute(() -> settle(newState, value));
        }
    }

    void fulfillFromAnyThread(Object value) {
        settleFromAnyThread(FULFILLED, value);
    }

    void rejectFromAnyThread(Throwable reason) {
        settleFromAnyThread(REJECTED, Objects.requireNonNull(reason, "reason"));
    }

    private interface Step<R> {
        R get() throws Throwable;
    }

    /** Fulfils with what {@code f} returns for {@code argument}, or rejects with what it throws. */
    private <A> void settleWith(Function<? super A, ?> f, A argument) {
        try {
            settle(FULFILLED, f.apply(argument));
        } catch (Throwable t) {
            settle(REJECTED, t);
        }
    }

    /** JS's resolve(thenable): a microtask later, subscribe to it; it settles this promise. */
    private void adoptFrom(Step<? extends Promise<?>> step) {
        Promise<?> inner;
        try {
            inner = step.get();
        } catch (Throwable t) {
            settle(REJECTED, t);
            return;
        }
        if (inner == null) {
            settle(REJECTED, new NullPointerException("the continuation returned null instead of a Promise"));
            return;
        }
        if (inner == this) {
            settle(REJECTED, new IllegalStateException("Chaining cycle detected for promise"));
            return;
        }
        if (state != PENDING || locked) {
            return;
        }
        locked = true;
        loop.microtasks.enqueue(() -> inner.addReaction(new Reaction() {
            @Override
            void fulfilled(Object value) {
                unlockAndSettle(FULFILLED, value);
            }

            @Override
            void rejected(Throwable reason) {
                unlockAndSettle(REJECTED, reason);
            }
        }));
    }

    void adopt(Promise<?> inner) {
        adoptFrom(() -> inner);
    }

    private void unlockAndSettle(int newState, Object value) {
        if (loop.inLoop()) {
            locked = false;
            settle(newState, value);
        } else {
            loop.execute(() -> unlockAndSettle(newState, value));
        }
    }

    Throwable reason() {
        return state == REJECTED ? (Throwable) result : null;
    }

    private static boolean isLoopThread() {
        try {
            Loop.current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static RuntimeException rethrowable(Throwable error) {
        if (error instanceof RuntimeException re) {
            return re;
        }
        if (error instanceof Error err) {
            throw err;
        }
        return new CompletionException(error);
    }
}
