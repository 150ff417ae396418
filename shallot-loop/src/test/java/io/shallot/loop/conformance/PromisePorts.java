package io.shallot.loop.conformance;

import io.shallot.loop.AggregateException;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Settled;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Promise chains, async/await and the combinators. An {@code async function} is ported as its
 * desugaring: the sync part runs at once; {@code await p} (p a native promise) becomes
 * {@code p.then(continuation)} and {@code await value} becomes
 * {@code Promise.resolve(value).then(continuation)} (1 microtask hop each, as in V8); the function's
 * own promise is a {@link Deferred} resolved where JS returns, or the promise of the last
 * continuation when that is the same thing. Returning a promise from a continuation is
 * {@link Promise#compose} (resolve-with-thenable, +2 hops).
 */
public final class PromisePorts {
    private PromisePorts() {
    }

    private static RuntimeException error(String message) {
        return new RuntimeException(message);
    }

    public static void promise_chain_interleave(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("a1"))
                .thenRun(() -> c.log("a2"))
                .thenRun(() -> c.log("a3"));
        Promise.resolve(null)
                .thenRun(() -> c.log("b1"))
                .thenRun(() -> c.log("b2"))
                .thenRun(() -> c.log("b3"));
        c.log("sync");
    }

    public static void promise_executor_sync(Ctx c) {
        Loop loop = c.loop();
        Promise<String> p = Promise.of((resolve, reject) -> {
            c.log("executor");
            resolve.accept("first");
            resolve.accept("second");
            reject.accept(error("ignored"));
            c.log("executor end");
        });
        p.thenAccept(v -> c.log("then " + v));
        c.log("sync");
        loop.setTimeout(() -> {
            p.thenAccept(v -> c.log("late then " + v));
            c.log("timeout");
        }, 0);
        Promise<String> q = Promise.of((resolve, reject) -> {
            reject.accept(error("boom"));
            resolve.accept("ignored");
        });
        q.recover(e -> {
            c.log("catch " + e.getMessage());
            return null;
        });
    }

    public static void promise_then_returns_promise(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"))
                .thenRun(() -> c.log("t5"));
        Promise.resolve(null)
                .compose(v -> Promise.resolve("inner"))
                .thenAccept(v -> c.log("returned promise: " + v));
        Promise.resolve(null)
                .then(v -> "plain")
                .thenAccept(v -> c.log("returned value: " + v));
    }

    public static void promise_catch_finally(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"))
                .thenRun(() -> c.log("t5"))
                .thenRun(() -> c.log("t6"))
                .thenRun(() -> c.log("t7"));
        Promise.<Object>reject(error("boom"))
                .then(v -> {
                    c.log("never");
                    return null;
                })
                .recover(e -> {
                    c.log("catch " + e.getMessage());
                    return "recovered";
                })
                .thenAccept(v -> c.log("after catch " + v));
        Promise.resolve("value")
                .andFinally(() -> c.log("finally"))
                .thenAccept(v -> c.log("after finally " + v));
        Promise.<String>reject(error("kept"))
                .andFinally(() -> c.log("finally on rejection"))
                .recover(e -> {
                    c.log("after finally rejection " + e.getMessage());
                    return null;
                });
    }

    public static void async_await_order(Ctx c) {
        Loop loop = c.loop();
        c.log("script start");
        loop.setTimeout(() -> c.log("setTimeout"), 0);
        asyncAwaitOrderAsync1(c);
        Promise.<Void>of((resolve, reject) -> {
            c.log("promise1");
            resolve.accept(null);
        }).thenRun(() -> c.log("promise2"));
        c.log("script end");
    }

    // async function async1() { console.log('async1 start'); await async2(); console.log('async1 end'); }
    private static Promise<Void> asyncAwaitOrderAsync1(Ctx c) {
        c.log("async1 start");
        return asyncAwaitOrderAsync2(c).thenRun(() -> c.log("async1 end"));
    }

    // async function async2() { console.log('async2'); }
    private static Promise<Void> asyncAwaitOrderAsync2(Ctx c) {
        c.log("async2");
        return Promise.resolve(null);
    }

    public static void await_hops(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"));
        // async function awaitResolved() { await Promise.resolve(); log; await Promise.resolve(); log }
        Promise.resolve(null).thenRun(() -> {
            c.log("after await resolved promise");
            Promise.resolve(null).thenRun(() -> c.log("after second await"));
        });
        // async function awaitValue() { const v = await 42; log }
        Promise.resolve(42).thenAccept(v -> c.log("after await value " + v));
    }

    public static void async_return_promise(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"))
                .thenRun(() -> c.log("t5"));
        asyncReturnsPromise().thenAccept(v -> c.log("returned " + v));
        asyncReturnsValue().thenAccept(v -> c.log("returned " + v));
    }

    /**
     * {@code async function returnsPromise() { return Promise.resolve('promise'); }}: JS resolves
     * the function's promise with a thenable (NewPromiseResolveThenableJob, +2 hops).
     */
    private static Promise<String> asyncReturnsPromise() {
        Deferred<String> self = Promise.defer();
        self.resolveWith(Promise.resolve("promise"));
        return self.promise();
    }

    // async function returnsValue() { return 'value'; }
    private static Promise<String> asyncReturnsValue() {
        Deferred<String> self = Promise.defer();
        self.resolve("value");
        return self.promise();
    }

    public static void async_return_promise_after_await(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"))
                .thenRun(() -> c.log("t5"))
                .thenRun(() -> c.log("t6"));
        // async function f() { await null; console.log('f resumed'); return Promise.resolve('x'); }
        Promise<String> f = Promise.resolve(null).compose(v -> {
            c.log("f resumed");
            return Promise.resolve("x");
        });
        // async function g() { await null; console.log('g resumed'); return 'y'; }
        Promise<String> g = Promise.resolve(null).then(v -> {
            c.log("g resumed");
            return "y";
        });
        f.thenAccept(v -> c.log("f returned " + v));
        g.thenAccept(v -> c.log("g returned " + v));
    }

    public static void async_interleave_loops(Ctx c) {
        Loop loop = c.loop();
        // async function main() { const a = worker('a', 3); const b = worker('b', 2);
        //   console.log(await a); console.log(await b); await sleep(5); console.log('after sleep'); }
        Deferred<Void> main = Promise.defer();
        Promise<String> a = worker(c, "a", 3);
        Promise<String> b = worker(c, "b", 2);
        a.thenAccept(va -> {
            c.log(va);
            b.thenAccept(vb -> {
                c.log(vb);
                Promise.<Void>of((resolve, reject) -> loop.setTimeout(() -> resolve.accept(null), 5)).thenRun(() -> {
                    c.log("after sleep");
                    main.resolve(null);
                });
            });
        });
        main.promise().thenRun(() -> c.log("main done"));
        c.log("sync");
    }

    // async function worker(name, n) { for (let i = 1; i <= n; i++) { await null; console.log(name + ' ' + i); } return name + ' done'; }
    private static Promise<String> worker(Ctx c, String name, int n) {
        Deferred<String> self = Promise.defer();
        workerStep(c, name, 1, n, self);
        return self.promise();
    }

    private static void workerStep(Ctx c, String name, int i, int n, Deferred<String> self) {
        if (i > n) {
            self.resolve(name + " done");
            return;
        }
        Promise.resolve(null).thenRun(() -> {
            c.log(name + " " + i);
            workerStep(c, name, i + 1, n, self);
        });
    }

    public static void async_try_catch(Ctx c) {
        // async function f() { try { await Promise.reject(new Error('boom')); console.log('never'); }
        //   catch (e) { console.log('caught ' + e.message); } finally { console.log('finally'); } return 'ok'; }
        Deferred<String> f = Promise.defer();
        Promise.reject(error("boom")).then(v -> {
            c.log("never");
            c.log("finally");
            f.resolve("ok");
            return null;
        }, e -> {
            c.log("caught " + e.getMessage());
            c.log("finally");
            f.resolve("ok");
            return null;
        });
        // async function g() { await null; throw new Error('thrown'); }
        Promise<Void> g = Promise.resolve(null).then(v -> {
            throw error("thrown");
        });
        f.promise().thenAccept(v -> c.log("f " + v));
        g.recover(e -> {
            c.log("g rejected " + e.getMessage());
            return null;
        });
        c.log("sync");
    }

    public static void promise_combinators_hops(Ctx c) {
        Promise.resolve(null)
                .thenRun(() -> c.log("t1"))
                .thenRun(() -> c.log("t2"))
                .thenRun(() -> c.log("t3"))
                .thenRun(() -> c.log("t4"));
        Promise<String> a = Promise.resolve("a");
        Promise<String> b = Promise.resolve("b");
        Promise.<String>all(List.of(a, b)).thenAccept(v -> c.log("all " + String.join(",", v)));
        Promise.<String>allSettled(List.of(a, Promise.<String>reject(error("e"))))
                .thenAccept(v -> c.log("allSettled " + v.stream().map(PromisePorts::status).collect(Collectors.joining(","))));
        Promise.<String>any(List.of(Promise.<String>reject(error("e")), b)).thenAccept(v -> c.log("any " + v));
        Promise.<String>race(List.of(a, b)).thenAccept(v -> c.log("race " + v));
        Promise.<String>all(List.of()).thenAccept(v -> c.log("all empty " + v.size()));
    }

    private static String status(Settled<?> s) {
        return s.fulfilled() ? "fulfilled" : "rejected";
    }

    public static void promise_combinators_timers(Ctx c) {
        Loop loop = c.loop();
        Promise.<String>all(List.of(later(loop, 60, "slow"), later(loop, 10, "fast"), later(loop, 35, "mid")))
                .compose(v -> {
                    c.log("all " + String.join(",", v));
                    return Promise.<String>race(List.of(later(loop, 200, "slow"), later(loop, 10, "fast")));
                })
                .compose(v -> {
                    c.log("race " + v);
                    return Promise.<String>any(List.of(fail(loop, 5, "f1"), later(loop, 60, "ok"), fail(loop, 1, "f2")));
                })
                .compose(v -> {
                    c.log("any " + v);
                    return Promise.<String>allSettled(List.of(later(loop, 5, "v"), fail(loop, 30, "r")));
                })
                .compose(rs -> {
                    rs.forEach(r -> c.log("settled " + status(r) + " " + (r.fulfilled() ? r.value() : r.reason().getMessage())));
                    return Promise.<String>all(List.of(later(loop, 200, "never used"), fail(loop, 20, "all failed")));
                })
                .recoverWith(e -> {
                    c.log("all rejected " + e.getMessage());
                    // JS is untyped: this catch hands on a promise of a string where a list flowed
                    return untyped(Promise.<String>any(List.of(fail(loop, 1, "x"), fail(loop, 20, "y"))));
                })
                .recover(e -> {
                    String type = e instanceof AggregateException ? "AggregateError" : e.getClass().getSimpleName();
                    String messages = e instanceof AggregateException ae
                            ? ae.errors().stream().map(Throwable::getMessage).collect(Collectors.joining(","))
                            : "?";
                    c.log("any rejected " + type + " " + messages);
                    return null;
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> Promise<T> untyped(Promise<?> p) {
        return (Promise<T>) p;
    }

    private static Promise<String> later(Loop loop, double ms, String v) {
        return Promise.of((resolve, reject) -> loop.setTimeout(() -> resolve.accept(v), ms));
    }

    private static Promise<String> fail(Loop loop, double ms, String message) {
        return Promise.of((resolve, reject) -> loop.setTimeout(() -> reject.accept(error(message)), ms));
    }
}
