package io.shallot.loop.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the Java port of every conformance case with {@link Loop#run} and compares what it printed
 * with what Node 20 printed (NAME.out, recorded by conformance/record.sh).
 */
class ConformanceTest {
    /** Generous: the slowest case blocks its loop for 1 s on purpose. */
    private static final long TIMEOUT_MS = 20_000;

    @TestFactory
    Stream<DynamicTest> javaPortMatchesNode() {
        Map<String, Consumer<Ctx>> ports = Corpus.ports();
        return Corpus.names().stream().map(name -> dynamicTest(name, () -> {
            String expected = Corpus.expected(name);
            if (Corpus.PENDING_NET.contains(name)) {
                Assumptions.abort(name + " waits for the net API (Corpus.PENDING_NET)");
            }
            Consumer<Ctx> port = ports.get(name);
            if (port == null) {
                fail("conformance/" + name + ".js has no Java port: add `public static void " + name
                        + "(Ctx c)` to one of Corpus.PORT_CLASSES");
            }
            Ctx c = run(name, port);
            String actual = c.output();
            List<Throwable> errors = c.errors();
            if (!expected.equals(actual) || !errors.isEmpty()) {
                StringBuilder msg = new StringBuilder(name);
                if (!expected.equals(actual)) {
                    msg.append(": the Java port printed something else than Node 20 (- node only, + java only):\n")
                            .append(Corpus.diff(expected, actual));
                }
                for (Throwable t : errors) {
                    msg.append("\nuncaught in the Java port: ").append(stackTrace(t));
                }
                fail(msg.toString());
            }
        }));
    }

    @Test
    void everyPortHasACase() {
        Set<String> orphans = new TreeSet<>(Corpus.ports().keySet());
        orphans.removeAll(Corpus.names());
        assertEquals(Set.of(), orphans, "ports without conformance/NAME.js");
    }

    @Test
    void pendingNetListIsTight() {
        Set<String> stale = new TreeSet<>();
        for (String name : Corpus.PENDING_NET) {
            if (!Corpus.names().contains(name) || Corpus.ports().containsKey(name)) {
                stale.add(name);
            }
        }
        assertEquals(Set.of(), stale, "Corpus.PENDING_NET entries that have a port now, or no .js: remove them");
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(Corpus.names().size() >= 45, "expected at least 45 cases, found " + Corpus.names().size());
    }

    /** {@code node NAME.js}, Java edition: main runs as the main script, then the loop until it ends. */
    static Ctx run(String name, Consumer<Ctx> port) throws InterruptedException {
        Ctx c = new Ctx();
        LoopOptions options = LoopOptions.defaults()
                .withThreadName("conformance-" + name)
                .withBlockedThresholdMs(0)
                .withOnUncaughtException(c::error)
                .withOnUnhandledRejection(reason -> c.error(new AssertionError("unhandled rejection: " + reason, reason)));
        Thread runner = Thread.ofPlatform().name("conformance-runner-" + name).start(() -> {
            try {
                Loop.run(options, loop -> {
                    c.bind(loop);
                    port.accept(c);
                });
            } catch (Throwable t) {
                c.error(t);
            }
        });
        runner.join(TIMEOUT_MS);
        try {
            if (runner.isAlive()) {
                Loop loop = c.loop();
                if (loop != null) {
                    loop.shutdown();
                }
                runner.join(5_000);
                fail(name + ": Loop.run did not return within " + TIMEOUT_MS + " ms (something keeps the loop alive);"
                        + " printed so far:\n" + c.output());
            }
        } finally {
            c.cleanUp();
        }
        return c;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        List<String> lines = new ArrayList<>(List.of(w.toString().split("\n")));
        return String.join("\n", lines.subList(0, Math.min(lines.size(), 12)));
    }
}
