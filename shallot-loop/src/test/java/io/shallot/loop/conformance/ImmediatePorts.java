package io.shallot.loop.conformance;

import io.shallot.loop.Immediate;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;

/** setImmediate: the check phase, immediates queued from immediates, and the races that are not races. */
public final class ImmediatePorts {
    private ImmediatePorts() {
    }

    public static void immediate_from_immediate(Ctx c) {
        Loop loop = c.loop();
        loop.setImmediate(() -> {
            c.log("A");
            loop.setImmediate(() -> {
                c.log("C (queued by A)");
                loop.setImmediate(() -> c.log("E (queued by C)"));
            });
            Promise.resolve(null).thenRun(() -> c.log("microtask from A"));
        });
        loop.setImmediate(() -> {
            c.log("B");
            loop.setImmediate(() -> c.log("D (queued by B)"));
        });
        c.log("sync");
    }

    public static void immediate_clear(Ctx c) {
        Loop loop = c.loop();
        Immediate[] b = new Immediate[1];
        loop.setImmediate(() -> {
            c.log("a");
            loop.clearImmediate(b[0]);
            Immediate d = loop.setImmediate(() -> c.log("never d"));
            loop.setImmediate(() -> c.log("e"));
            loop.clearImmediate(d);
        });
        b[0] = loop.setImmediate(() -> c.log("never b"));
        loop.setImmediate(() -> c.log("c"));
    }

    public static void immediate_then_timer(Ctx c) {
        Loop loop = c.loop();
        loop.setImmediate(() -> {
            c.log("immediate A");
            loop.setTimeout(() -> c.log("timeout"), 0);
            loop.setImmediate(() -> c.log("immediate B"));
            Ctx.busyWait(10);
        });
    }

    public static void busy_main_timer_before_immediate(Ctx c) {
        Loop loop = c.loop();
        loop.setImmediate(() -> c.log("immediate"));
        loop.setTimeout(() -> c.log("timeout"), 0);
        Ctx.busyWait(20);
        c.log("main done");
    }

    public static void immediate_vs_timeout_in_timer(Ctx c) {
        Loop loop = c.loop();
        loop.setTimeout(() -> {
            loop.setTimeout(() -> c.log("timeout"), 0);
            loop.setImmediate(() -> c.log("immediate"));
        }, 0);
    }

    public static void immediate_vs_timeout_in_io(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "f"), "x");

        loop.fs().readFile(Ctx.join(dir, "f"), (err, data) -> {
            loop.setTimeout(() -> c.log("timeout"), 0);
            loop.setImmediate(() -> c.log("immediate"));
            Promise.resolve(null).thenRun(() -> c.log("promise"));
            loop.nextTick(() -> c.log("tick"));
            c.log("io callback");
        });
    }

    public static void immediate_unref(Ctx c) {
        Loop loop = c.loop();
        Immediate i = loop.setImmediate(() -> c.log("unref immediate (loop kept alive by the timer)"));
        c.log("unref returns the immediate: " + (i.unref() == i) + ", hasRef " + i.hasRef());
        loop.setTimeout(() -> {
            c.log("timer");
            loop.setImmediate(() -> c.log("never: unref immediate with nothing else alive")).unref();
        }, 10);
    }
}
