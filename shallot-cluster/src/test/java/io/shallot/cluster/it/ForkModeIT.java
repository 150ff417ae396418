package io.shallot.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fork mode with real processes: restarts, back-off to errored, kill_timeout, log files. */
class ForkModeIT {
    static final String JVM = "jvm_args: -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    @TempDir
    static Path home;
    static Shallot shallot;

    @BeforeAll
    static void daemon() {
        shallot = new Shallot(home);
    }

    @AfterAll
    static void cleanUp() {
        shallot.close();
    }

    @Test
    void restartsACrashedProcessAfterRestartDelay() throws Exception {
        Path f = shallot.config("crash", """
                apps:
                  - name: crash
                    main: io.shallot.cluster.apps.Crasher
                    %s
                    env: {LIVE_MS: 1500, EXIT_CODE: 7}
                    restart_delay: 3s
                """.formatted(JVM));
        shallot.ok("start", f.toString());
        long first = shallot.row("crash", 0).path("pid").asLong();
        assertThat(first).isPositive();
        JsonNode waiting = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> shallot.row("crash", 0), r -> r.path("status").asText().equals("waiting restart"));
        assertThat(waiting.path("last_exit_code").asInt()).isEqualTo(7);
        assertThat(waiting.path("restart_in_ms").asLong()).isBetween(1000L, 3000L);
        JsonNode again = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> shallot.row("crash", 0), r -> r.path("pid").asLong() > 0 && r.path("pid").asLong() != first);
        assertThat(again.path("restarts").asInt()).isEqualTo(1);
        shallot.ok("delete", "crash");
    }

    @Test
    void aCrashLoopEndsErroredWithoutARestartStorm() {
        Path f = configure("loop", """
                apps:
                  - name: loop
                    main: io.shallot.cluster.apps.Crasher
                    %s
                    env: {LIVE_MS: 0}
                    min_uptime: 10s
                    max_restarts: 2
                """.formatted(JVM));
        shallot.ok("start", f.toString());
        JsonNode errored = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> shallot.row("loop", 0), r -> r.path("status").asText().equals("errored"));
        assertThat(errored.path("restarts").asInt()).isEqualTo(2);
        assertThat(errored.path("reason").asText()).contains("2 unstable restarts", "max_restarts is 2");
        assertThat(shallot.ok("ls").out()).contains("errored").contains("loop (id " + errored.path("id").asText() + ") errored");
        // stays down: no new process, no more restarts
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> {
            JsonNode r = shallot.row("loop", 0);
            return r.path("status").asText().equals("errored") && r.path("restarts").asInt() == 2 && r.path("pid").asLong() == 0;
        });
        shallot.ok("delete", "loop");
    }

    @Test
    void stopSendsSigtermThenKillsAfterKillTimeout() {
        Path f = configure("stubborn", """
                apps:
                  - name: stubborn
                    main: io.shallot.cluster.apps.Stubborn
                    %s
                    kill_timeout: 1s
                """.formatted(JVM));
        shallot.ok("start", f.toString());
        long pid = shallot.row("stubborn", 0).path("pid").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(Path.of(shallot.row("stubborn", 0).path("out_log").asText()))
                && Files.readString(Path.of(shallot.row("stubborn", 0).path("out_log").asText())).contains("stubborn up"));
        long t0 = System.nanoTime();
        JsonNode stopped = shallot.ok("stop", "stubborn", "--json").json().get(0);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isBetween(900L, 8000L);
        assertThat(stopped.path("status").asText()).isEqualTo("stopped");
        assertThat(stopped.path("last_exit_code").asInt()).isEqualTo(137);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        shallot.ok("delete", "stubborn");
    }

    @Test
    void logsAreDatedRotatedAndReadable() throws Exception {
        Path f = configure("chatty", """
                apps:
                  - name: chatty
                    main: io.shallot.cluster.apps.Chatty
                    %s
                    env: {LINES: 200, LINE_BYTES: 100}
                    log_date_format: "YYYY-MM-DD HH:mm:ss"
                    log_max_size: 4K
                    log_retain: 2
                """.formatted(JVM));
        shallot.ok("start", f.toString());
        Path out = Path.of(shallot.row("chatty", 0).path("out_log").asText());
        Path err = Path.of(shallot.row("chatty", 0).path("error_log").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out) && Files.readString(out).contains("line 199 "));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d: .*"), "dated");
        assertThat(Files.size(out)).isLessThanOrEqualTo(4096);
        assertThat(out.resolveSibling(out.getFileName() + ".1")).exists();
        assertThat(out.resolveSibling(out.getFileName() + ".2")).exists();
        assertThat(out.resolveSibling(out.getFileName() + ".3")).doesNotExist();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(err) && Files.readString(err).contains("to stderr"));

        String printed = shallot.ok("logs", "chatty", "--lines", "3", "--out").out();
        List<String> shown = printed.lines().filter(l -> l.contains("|chatty|out | ")).toList();
        assertThat(shown).hasSize(3);
        assertThat(shown.get(2)).contains("line 199 ");
        assertThat(shallot.ok("logs", "chatty", "--lines", "1", "--err", "--json").out().lines().toList())
                .singleElement().asString().contains("\"stream\":\"err\"").contains("to stderr");

        AtomicLong seen = new AtomicLong();
        java.io.StringWriter sink = new java.io.StringWriter();
        Thread follower = Thread.ofPlatform().start(() -> {
            var ctx = new io.shallot.cluster.cli.CliContext(new io.shallot.cluster.internal.Home(home),
                    new java.io.PrintWriter(sink, true), new java.io.PrintWriter(java.io.Writer.nullWriter()), home, Shallot.classpath());
            seen.set(io.shallot.cluster.cli.ShallotCli.create(ctx).execute("logs", "chatty", "--lines", "0", "--follow", "--err"));
        });
        Thread.sleep(500);
        Files.writeString(err, "appended by the test\n", java.nio.file.StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.toString().contains("|chatty|err | appended by the test"));
        follower.interrupt();
        follower.join(5000);
        shallot.ok("delete", "chatty");
    }

    private static Path configure(String name, String yaml) {
        try {
            return shallot.config(name, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
