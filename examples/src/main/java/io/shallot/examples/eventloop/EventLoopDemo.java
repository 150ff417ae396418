package io.shallot.examples.eventloop;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Section 二: the document's event-loop examples, run on the Java loop. Each prints what the loop
 * printed, checks it against what Node 20 prints for the same script, and says in one line where
 * Node (and so Shallot) differs from the document.
 */
public final class EventLoopDemo {

    private record Example(String title, String change, List<String> node, List<String> document, String note,
                           Script script) {
    }

    @FunctionalInterface
    private interface Script {
        void run(Loop loop, Path dir, Consumer<String> log);
    }

    private EventLoopDemo() {
    }

    public static int run(PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("shallot-eventloop");
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("test.conf"), "name=shallot\n");
        Files.writeString(dir.resolve("config/test.conf"), "name=shallot\n");
        Files.write(dir.resolve("config/big.conf"), new byte[4 * 1024 * 1024]);
        int mismatches = 0;
        for (Example example : examples()) {
            List<String> printed = new ArrayList<>();
            Loop.run(loop -> example.script().run(loop, dir, printed::add));
            out.println();
            out.println("== " + example.title());
            if (!example.change().isEmpty()) {
                out.println("   (" + example.change() + ")");
            }
            printed.forEach(line -> out.println("   " + line));
            if (!printed.equals(example.node())) {
                mismatches++;
                out.println("   !! Node 20 prints " + example.node() + " for this script");
            } else {
                out.println("   = what Node 20 prints" + (example.node().equals(example.document()) ? ", and the document's order" : ""));
            }
            if (!example.note().isEmpty()) {
                out.println("   note: " + example.note());
            }
        }
        out.println();
        out.println(mismatches == 0 ? "All examples print what Node 20 prints." : mismatches + " example(s) differ from Node 20.");
        return mismatches == 0 ? 0 : 1;
    }

    static void busyWait(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static String file(Path dir, String name) {
        return dir.resolve(name).toString();
    }

    private static List<Example> examples() {
        String busy = "the main script busy-waits 20 ms at its end so the 1 ms timer is already due when the loop starts;"
                + " without it the timer races the file read, in Node as here";
        return List.of(
                new Example("§2.1 the check phase", busy,
                        List.of("2", "poll callback", "1", "setImmediate 1", "read file success"),
                        List.of("2", "poll callback", "1", "setImmediate 1", "read file success"), "",
                        (loop, dir, log) -> {
                            loop.setTimeout(() -> log.accept("1"), 0);
                            loop.setImmediate(() -> log.accept("setImmediate 1"));
                            loop.fs().readText(file(dir, "test.conf"), (err, data) -> {
                                check(err);
                                log.accept("read file success");
                            });
                            Promise.resolve(loop, null).thenRun(() -> log.accept("poll callback"));
                            log.accept("2");
                            busyWait(20);
                        }),
                new Example("§2.2 示例1", busy,
                        List.of("start", "end", "nextTick callback", "Promise callback", "setTimeout", "read file success"),
                        List.of("start", "end", "nextTick callback", "Promise callback", "setTimeout", "read file success"),
                        "the document explains setTimeout first by 'it needs at least 1 ms'; the real reason is the"
                                + " timers phase runs before the poll phase where the file callback arrives",
                        (loop, dir, log) -> {
                            log.accept("start");
                            loop.fs().readText(file(dir, "test.conf"), (err, data) -> {
                                check(err);
                                log.accept("read file success");
                            });
                            loop.setTimeout(() -> log.accept("setTimeout"), 0);
                            Promise.resolve(loop, null).thenRun(() -> log.accept("Promise callback"));
                            loop.nextTick(() -> log.accept("nextTick callback"));
                            log.accept("end");
                            busyWait(20);
                        }),
                new Example("§2.2 示例2", busy + "; the timer's read takes a 4 MiB file",
                        List.of("2", "poll callback", "1", "read file success", "read file sync success"),
                        List.of("2", "poll callback", "1", "read file success", "read file sync success"),
                        "with two equal reads (the document's code) the order of the last two lines is a race on the"
                                + " thread pool: Node printed 'read file sync success' first in 2 of 20 runs here",
                        (loop, dir, log) -> {
                            loop.setTimeout(() -> {
                                log.accept("1");
                                loop.fs().readText(file(dir, "config/big.conf"), (err, data) -> {
                                    check(err);
                                    log.accept("read file sync success");
                                });
                            }, 0);
                            loop.fs().readText(file(dir, "config/test.conf"), (err, data) -> {
                                check(err);
                                log.accept("read file success");
                            });
                            Promise.resolve(loop, null).thenRun(() -> log.accept("poll callback"));
                            log.accept("2");
                            busyWait(20);
                        }),
                new Example("§2.4 问题1 who starts the loop", "",
                        List.of("2", "1"), List.of("2", "1"), "",
                        (loop, dir, log) -> {
                            loop.setTimeout(() -> log.accept("1"), 0);
                            log.accept("2");
                        }),
                new Example("§2.4 问题3 a blocking timer callback", busy + "; sleep 1 s instead of 10 s (the watchdog"
                        + " reports it on stderr with the stack of sleep)",
                        List.of("2", "1", "sleep 1s", "read file success"),
                        List.of("2", "1", "sleep 1s", "read file success"),
                        "the file was read long before; its callback waits for the loop",
                        (loop, dir, log) -> {
                            loop.setTimeout(() -> {
                                log.accept("1");
                                busyWait(1000);
                                log.accept("sleep 1s");
                            }, 0);
                            loop.fs().readText(file(dir, "test.conf"), (err, data) -> {
                                check(err);
                                log.accept("read file success");
                            });
                            log.accept("2");
                            busyWait(20);
                        }),
                new Example("§2.4 问题3 with a later timer", "the timer waits 100 ms instead of 10 ms: with 10 ms Node"
                        + " fired the timer first in 1 of 20 runs on this loaded 2-core machine",
                        List.of("2", "read file success", "1", "sleep 1s"),
                        List.of("2", "read file success", "1", "sleep 1s"), "",
                        (loop, dir, log) -> {
                            loop.setTimeout(() -> {
                                log.accept("1");
                                busyWait(1000);
                                log.accept("sleep 1s");
                            }, 100);
                            loop.fs().readText(file(dir, "test.conf"), (err, data) -> {
                                check(err);
                                log.accept("read file success");
                            });
                            log.accept("2");
                        }));
    }

    private static void check(Throwable err) {
        if (err != null) {
            throw err instanceof RuntimeException re ? re : new UncheckedIOException(new IOException(err));
        }
    }
}
