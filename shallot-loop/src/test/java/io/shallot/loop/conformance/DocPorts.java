package io.shallot.loop.conformance;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;

/** Ports of the examples of section 二 (event loop) of the seed document. */
public final class DocPorts {
    private DocPorts() {
    }

    public static void doc_2_1_phases(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "test.conf"), "name=shallot\n");

        loop.setTimeout(() -> c.log("1"), 0);
        loop.setImmediate(() -> c.log("setImmediate 1"));
        loop.fs().readText(Ctx.join(dir, "test.conf"), (err, data) -> {
            Ctx.check(err);
            c.log("read file success");
        });
        Promise.resolve(null).thenRun(() -> c.log("poll callback"));
        c.log("2");

        Ctx.busyWait(20);
    }

    public static void doc_example1(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "test.conf"), "name=shallot\n");

        c.log("start");
        loop.fs().readText(Ctx.join(dir, "test.conf"), (err, data) -> {
            Ctx.check(err);
            c.log("read file success");
        });
        loop.setTimeout(() -> c.log("setTimeout"), 0);
        Promise.resolve(null).thenRun(() -> c.log("Promise callback"));
        loop.nextTick(() -> c.log("nextTick callback"));
        c.log("end");

        Ctx.busyWait(20);
    }

    public static void doc_example2(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.mkdirSync(Ctx.join(dir, "config"));
        Ctx.writeFileSync(Ctx.join(dir, "config", "test.conf"), "name=shallot\n");
        Ctx.writeFileSync(Ctx.join(dir, "config", "big.conf"), "x".repeat(4 * 1024 * 1024));

        loop.setTimeout(() -> {
            c.log("1");
            loop.fs().readText(Ctx.join(dir, "config", "big.conf"), (err, data) -> {
                Ctx.check(err);
                c.log("read file sync success");
            });
        }, 0);
        loop.fs().readText(Ctx.join(dir, "config", "test.conf"), (err, data) -> {
            Ctx.check(err);
            c.log("read file success");
        });
        Promise.resolve(null).thenRun(() -> c.log("poll callback"));
        c.log("2");

        Ctx.busyWait(20);
    }

    public static void doc_2_4_who_starts(Ctx c) {
        c.loop().setTimeout(() -> c.log("1"), 0);
        c.log("2");
    }

    public static void doc_2_4_blocking(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "test.conf"), "name=shallot\n");

        loop.setTimeout(() -> {
            c.log("1");
            sleep(1000);
            c.log("sleep 1s");
        }, 0);
        loop.fs().readText(Ctx.join(dir, "test.conf"), (err, data) -> {
            Ctx.check(err);
            c.log("read file success");
        });
        c.log("2");

        sleep(20);
    }

    public static void doc_2_4_blocking_late_timer(Ctx c) {
        Loop loop = c.loop();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "test.conf"), "name=shallot\n");

        loop.setTimeout(() -> {
            c.log("1");
            sleep(1000);
            c.log("sleep 1s");
        }, 300);
        loop.fs().readText(Ctx.join(dir, "test.conf"), (err, data) -> {
            Ctx.check(err);
            c.log("read file success");
        });
        c.log("2");
    }

    /** The document's sleep(n): spins until more than n ms have passed. */
    private static void sleep(long n) {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start <= n) {
            Thread.onSpinWait();
        }
    }
}
