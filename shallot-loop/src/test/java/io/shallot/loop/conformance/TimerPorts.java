package io.shallot.loop.conformance;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;

/** setTimeout / setInterval: ordering, clearing, ref/unref, refresh, delay coercion. */
public final class TimerPorts {
    private TimerPorts() {
    }

    public static void timeout_0_equals_1(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> c.log("a (1 ms)"), 1);
        loop.setTimeout(() -> c.log("b (0 ms)"), 0);
        loop.setTimeout(() -> c.log("c (1 ms)"), 1);
        loop.setTimeout(() -> c.log("d (no delay)"), Double.NaN); // setTimeout(fn): undefined -> NaN -> 1
        loop.setTimeout(() -> c.log("e (0 ms)"), 0);
    }

    public static void timers_equal_deadline(Ctx c) {
        Loop loop = c.loop();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            loop.setTimeout(() -> {
                c.log("timer " + n);
                Promise.resolve(null).thenRun(() -> c.log("microtask " + n));
            }, 10);
        }
    }

    public static void timers_different_delays(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> c.log("150 ms"), 150);
        loop.setTimeout(() -> c.log("50 ms"), 50);
        loop.setTimeout(() -> c.log("250 ms"), 250);
        loop.setTimeout(() -> c.log("100 ms"), 100);
        loop.setTimeout(() -> c.log("0 ms"), 0);
    }

    public static void timers_delay_coercion(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> c.log("negative"), -5);
        loop.setTimeout(() -> c.log("NaN"), Double.NaN);
        loop.setTimeout(() -> c.log("zero"), 0);
        loop.setTimeout(() -> c.log("one"), 1);
        loop.setTimeout(() -> c.log("2^31"), Math.pow(2, 31));
        loop.setTimeout(() -> c.log("-Infinity"), Double.NEGATIVE_INFINITY);
        loop.setTimeout(() -> c.log("20 ms"), 20);
    }

    public static void timers_from_timers(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> {
            c.log("outer");
            loop.setTimeout(() -> {
                c.log("inner timeout");
                loop.setTimeout(() -> c.log("innermost timeout"), 0);
                loop.setImmediate(() -> c.log("immediate from inner"));
            }, 0);
            loop.setImmediate(() -> c.log("immediate from outer"));
        }, 0);
    }

    public static void timers_nested_chain(Ctx c) {
        Loop loop = c.loop();
        int[] n = {0};
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            n[0]++;
            c.log("step " + n[0]);
            if (n[0] < 5) {
                loop.setTimeout(step[0], 0);
            }
        };
        loop.setTimeout(step[0], 0);
        loop.setTimeout(() -> c.log("100 ms"), 100);
    }

    public static void interval_clear_after_n(Ctx c) {
        Loop loop = c.loop();
        int[] n = {0};
        Timer[] iv = new Timer[1];
        iv[0] = loop.setInterval(() -> {
            n[0]++;
            int now = n[0];
            c.log("interval " + now);
            Promise.resolve(null).thenRun(() -> c.log("microtask " + n[0]));
            if (now == 3) {
                loop.clearInterval(iv[0]);
                c.log("cleared");
            }
        }, 5);
        loop.setTimeout(() -> c.log("done " + n[0]), 100);
    }

    public static void interval_cleared_by_timer(Ctx c) {
        Loop loop = c.loop();
        int[] n = {0};
        Timer iv = loop.setInterval(() -> n[0]++, 10);
        loop.setTimeout(() -> {
            loop.clearInterval(iv);
            c.log("ran: " + (n[0] >= 1));
            int before = n[0];
            loop.setTimeout(() -> {
                c.log("stopped: " + (n[0] == before));
                loop.clearInterval(iv);
                loop.clearInterval(null);
                loop.clearInterval(null);
                c.log("end");
            }, 50);
        }, 100);
    }

    public static void clear_timeout_pending(Ctx c) {
        Loop loop = c.loop();
        Timer t1 = loop.setTimeout(() -> c.log("never t1"), 50);
        Timer[] t2 = new Timer[1];
        t2[0] = loop.setTimeout(() -> {
            c.log("t2");
            loop.clearTimeout(t2[0]);
        }, 50);
        loop.clearTimeout(t1);
        loop.clearTimeout(null);
        loop.clearTimeout(null);
        var im = loop.setImmediate(() -> c.log("never immediate"));
        loop.clearImmediate(im);
        loop.clearImmediate(null);
        loop.setImmediate(() -> c.log("immediate"));
        loop.setTimeout(() -> {
            loop.clearTimeout(t2[0]);
            c.log("end");
        }, 100);
    }

    public static void clear_timeout_from_timer(Ctx c) {
        Loop loop = c.loop();
        Timer[] b = new Timer[1];
        Timer[] d = new Timer[1];
        loop.setTimeout(() -> {
            c.log("a");
            loop.clearTimeout(b[0]);
            loop.clearTimeout(d[0]);
        }, 5);
        b[0] = loop.setTimeout(() -> c.log("never b"), 5);
        d[0] = loop.setTimeout(() -> c.log("never c"), 30);
        loop.setTimeout(() -> c.log("d"), 5);
        loop.setTimeout(() -> c.log("e"), 40);
    }

    public static void timer_unref(Ctx c) {
        Loop loop = c.loop();
        Timer u = loop.setTimeout(() -> c.log("never: unref timer"), 1000);
        u.unref();
        c.log("u.hasRef " + u.hasRef());
        Timer r = loop.setTimeout(() -> c.log("re-refed timer"), 100);
        r.unref();
        r.ref();
        c.log("r.hasRef " + r.hasRef());
        loop.setTimeout(() -> c.log("ref timer"), 10);
        Timer iv = loop.setInterval(() -> c.log("never: unref interval"), 1000);
        c.log("unref returns the timer: " + (iv.unref() == iv));
    }

    public static void timer_unref_fires_while_alive(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> c.log("unref timer"), 5).unref();
        loop.setTimeout(() -> c.log("ref timer"), 150);
        Timer[] iv = new Timer[1];
        iv[0] = loop.setInterval(() -> {
            c.log("unref interval");
            loop.clearInterval(iv[0]);
        }, 10).unref();
    }

    public static void timer_refresh(Ctx c) {
        Loop loop = c.loop();
        Timer t = loop.setTimeout(() -> c.log("refreshed timer"), 200);
        loop.setTimeout(() -> {
            c.log("refresh at 100");
            c.log("refresh returns the timer: " + (t.refresh() == t));
        }, 100);
        loop.setTimeout(() -> c.log("250 ms"), 250);
        loop.setTimeout(() -> c.log("1000 ms"), 1000);
    }

    public static void timer_blocking_defers_later_timer(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> {
            c.log("A (5 ms), busy 500 ms");
            loop.setImmediate(() -> c.log("immediate from A"));
            Ctx.busyWait(500);
        }, 5);
        loop.setTimeout(() -> c.log("B (400 ms)"), 400);
    }

    public static void timer_start_uses_current_time(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> {
            Ctx.busyWait(100);
            loop.setTimeout(() -> c.log("C (30 ms after the busy-wait)"), 30);
            c.log("A done");
        }, 5);
        loop.setTimeout(() -> c.log("D (at 120 ms)"), 120);
    }
}
