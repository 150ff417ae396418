package io.shallot.loop.conformance;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;

/** nextTick, promise jobs and queueMicrotask, and how they interleave with macrotasks. */
public final class MicrotaskPorts {
    private MicrotaskPorts() {
    }

    public static void tick_before_promise(Ctx c) {
        Loop loop = c.loop();
        Promise.resolve(null).thenRun(() -> c.log("promise 1"));
        loop.queueMicrotask(() -> c.log("microtask 1"));
        loop.nextTick(() -> c.log("tick 1"));
        Promise.resolve(null).thenRun(() -> c.log("promise 2"));
        loop.nextTick(() -> c.log("tick 2"));
        loop.queueMicrotask(() -> c.log("microtask 2"));
        c.log("sync");
    }

    public static void tick_recursion(Ctx c) {
        Loop loop = c.loop();
        Promise.resolve(null).thenRun(() -> c.log("promise"));
        int[] n = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            n[0]++;
            c.log("tick " + n[0]);
            if (n[0] < 5) {
                loop.nextTick(tick[0]);
            }
        };
        loop.nextTick(tick[0]);
        loop.nextTick(() -> {
            c.log("tick other");
            loop.nextTick(() -> c.log("tick nested"));
        });
        c.log("sync");
    }

    public static void tick_from_promise(Ctx c) {
        Loop loop = c.loop();
        Promise.resolve(null).thenRun(() -> {
            c.log("A");
            loop.nextTick(() -> {
                c.log("tick from A");
                Promise.resolve(null).thenRun(() -> c.log("promise from tick"));
                loop.nextTick(() -> c.log("tick from tick"));
            });
            Promise.resolve(null).thenRun(() -> c.log("B (queued by A)"));
        });
        Promise.resolve(null).thenRun(() -> c.log("C"));
        loop.setTimeout(() -> c.log("timeout"), 0);
        c.log("sync");
    }

    public static void queue_microtask_fifo(Ctx c) {
        Loop loop = c.loop();
        loop.queueMicrotask(() -> {
            c.log("A");
            loop.queueMicrotask(() -> c.log("C (queued by A)"));
            loop.nextTick(() -> c.log("T (tick queued by A)"));
        });
        Promise.resolve(null).thenRun(() -> {
            c.log("B");
            loop.queueMicrotask(() -> c.log("D (queued by B)"));
        });
        loop.queueMicrotask(() -> c.log("E"));
        c.log("sync");
    }

    public static void microtask_starves_macrotasks(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> c.log("timeout"), 0);
        int[] p = {0};
        Runnable[] promiseLoop = new Runnable[1];
        promiseLoop[0] = () -> {
            p[0]++;
            if (p[0] < 1000) {
                Promise.resolve(null).thenRun(promiseLoop[0]);
            } else {
                c.log("promises done " + p[0]);
            }
        };
        int[] t = {0};
        Runnable[] tickLoop = new Runnable[1];
        tickLoop[0] = () -> {
            t[0]++;
            if (t[0] < 1000) {
                loop.nextTick(tickLoop[0]);
            } else {
                c.log("ticks done " + t[0]);
            }
        };
        promiseLoop[0].run();
        tickLoop[0].run();
        c.log("sync");
    }

    public static void microtasks_between_timers(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> {
            c.log("timeout 1");
            loop.nextTick(() -> c.log("tick 1"));
            Promise.resolve(null).thenRun(() -> c.log("promise 1"));
        }, 1);
        loop.setTimeout(() -> {
            c.log("timeout 2");
            loop.nextTick(() -> c.log("tick 2"));
            Promise.resolve(null).thenRun(() -> c.log("promise 2"));
        }, 1);
        Ctx.busyWait(5);
    }

    public static void microtasks_between_immediates(Ctx c) {
        Loop loop = c.loop();
        loop.setImmediate(() -> {
            c.log("immediate 1");
            loop.nextTick(() -> c.log("tick 1"));
            Promise.resolve(null).thenRun(() -> c.log("promise 1"));
        });
        loop.setImmediate(() -> {
            c.log("immediate 2");
            loop.nextTick(() -> c.log("tick 2"));
            Promise.resolve(null).thenRun(() -> c.log("promise 2"));
        });
        c.log("sync");
    }
}
