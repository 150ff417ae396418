package io.shallot.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end: the daemon starts on first use, and each command does what PM2's does. */
class CliIT {
    @TempDir
    static Path home;
    static Shallot shallot;

    @BeforeAll
    static void setUp() {
        shallot = new Shallot(home);
    }

    @AfterAll
    static void tearDown() {
        shallot.close();
    }

    @Test
    void startListDescribeRestartStopStartDelete() {
        Shallot.Result started = shallot.ok("start", "io.shallot.cluster.apps.Chatty", "--name", "chat",
                "--jvm-args", "-Xmx48m -XX:TieredStopAtLevel=1");
        assertThat(started.out()).contains("id", "name", "mode", "pid", "status", "restarts", "uptime", "cpu", "memory",
                "req/s", "delay").contains("chat").contains("fork").contains("online");
        assertThat(shallot.daemonPid()).isPositive();
        JsonNode row = shallot.row("chat", 0);
        long pid = row.path("pid").asLong();
        assertThat(row.path("mode").asText()).isEqualTo("fork");
        assertThat(ProcessHandle.of(pid)).isPresent();

        JsonNode described = shallot.ok("describe", "chat", "--json").json().get(0);
        assertThat(described.path("spec").path("main").asText()).isEqualTo("io.shallot.cluster.apps.Chatty");
        assertThat(described.path("spec").path("jvmArgs").toString()).contains("-Xmx48m");
        assertThat(shallot.ok("describe", "chat").out()).contains("app chat", "out_log".replace("out_log", "out "));

        JsonNode restarted = shallot.ok("restart", "chat", "--json").json().get(0);
        assertThat(restarted.path("restarts").asInt()).isEqualTo(1);
        assertThat(restarted.path("pid").asLong()).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        JsonNode stopped = shallot.ok("stop", "chat", "--json").json().get(0);
        assertThat(stopped.path("status").asText()).isEqualTo("stopped");
        assertThat(stopped.path("pid").asLong()).isZero();

        JsonNode again = shallot.ok("start", "chat", "--json").json().get(0);
        assertThat(again.path("status").asText()).isEqualTo("online");

        shallot.ok("delete", "chat");
        assertThat(shallot.rows("chat")).isEmpty();
    }

    @Test
    void saveKillResurrect(@TempDir Path ownHome) throws Exception {
        try (Shallot shallot = new Shallot(ownHome)) {
            saveKillResurrect(shallot, ownHome);
        }
    }

    private static void saveKillResurrect(Shallot shallot, Path home) throws Exception {
        Path f = shallot.config("keep", """
                apps:
                  - name: keep
                    main: io.shallot.cluster.apps.Chatty
                    jvm_args: -Xmx48m -XX:TieredStopAtLevel=1
                    instances: 2
                """);
        shallot.ok("start", f.toString());
        assertThat(shallot.ok("save").out()).contains("saved 1 app(s) to " + home.resolve("dump.json"));
        long daemon = shallot.daemonPid();
        var workers = shallot.rows("keep").stream().map(r -> r.path("pid").asLong()).toList();
        assertThat(workers).hasSize(2).allMatch(p -> p > 0);

        assertThat(shallot.ok("kill").out()).contains("stopped");
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(workers).allMatch(p -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true));
        assertThat(home.resolve("daemon.sock")).doesNotExist();

        JsonNode rows = shallot.ok("resurrect", "--json").json();
        assertThat(rows).hasSize(2);
        assertThat(rows).allMatch(r -> r.path("status").asText().equals("online"));
        assertThat(shallot.daemonPid()).isNotEqualTo(daemon).isPositive();
    }

    @Test
    void startupPrintsASystemdUnitThatResurrects() {
        String unit = shallot.ok("startup").out();
        assertThat(unit).contains("[Unit]", "[Service]", "Type=forking", "Environment=SHALLOT_HOME=" + home,
                "PIDFile=" + home.resolve("daemon.pid"), " resurrect", " kill", "WantedBy=multi-user.target");
        assertThat(shallot.ok("startup", "--user").out()).contains("WantedBy=default.target").doesNotContain("User=");
    }

    @Test
    void aBadFileIsRefusedWithFileFieldAndWhatIsAllowedAndStartsNothing() throws Exception {
        Path f = shallot.config("bad", "apps:\n  - name: bad\n    main: x.Y\n    instanses: 2\n");
        Shallot.Result r = shallot.run("start", f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(f.toString(), "apps[0] 'bad': unknown field 'instanses' (did you mean 'instances'?)",
                "allowed: name, jar, main");
        assertThat(shallot.rows("bad")).isEmpty();
    }

    @Test
    void reloadInForkModeIsRefusedNotDowngraded() {
        shallot.ok("start", "io.shallot.cluster.apps.Chatty", "--name", "forked", "--jvm-args", "-Xmx48m");
        long pid = shallot.row("forked", 0).path("pid").asLong();
        Shallot.Result r = shallot.run("reload", "forked");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("only in cluster mode", "shallot restart forked");
        assertThat(shallot.row("forked", 0).path("pid").asLong()).isEqualTo(pid);
        shallot.ok("delete", "forked");
    }

    @Test
    void unknownTargetsAndDuplicateStartsAreExplained() {
        shallot.ok("start", "io.shallot.cluster.apps.Chatty", "--name", "once", "--jvm-args", "-Xmx48m");
        assertThat(shallot.run("stop", "nope").err()).contains("no app or process id 'nope'; known: ").contains("once");
        Shallot.Result dup = shallot.run("start", "io.shallot.cluster.apps.Chatty", "--name", "once");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).contains("'once' is already running");
        assertThat(shallot.run("start", "not a thing").err()).contains("neither an ecosystem file");
        shallot.ok("delete", "once");
    }

    @Test
    void theDaemonLogsWhatItDoesToDaemonLog() {
        shallot.ok("start", "io.shallot.cluster.apps.Chatty", "--name", "logged", "--jvm-args", "-Xmx48m");
        await().atMost(Duration.ofSeconds(10)).until(() -> shallot.daemonLog().contains("logged#0"));
        assertThat(shallot.daemonLog()).containsPattern(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[shallot-daemon-[^]]+\\] AppSupervisor - logged#0 .*launched");
        shallot.ok("delete", "logged");
    }

    @Test
    void monitRendersALiveView() {
        shallot.ok("start", "io.shallot.cluster.apps.Chatty", "--name", "watched", "--jvm-args", "-Xmx48m");
        await().atMost(Duration.ofSeconds(5)).until(() -> shallot.row("watched", 0).path("memory").asLong() > 0);
        String screen = shallot.ok("monit", "--count", "2", "--interval", "100").out();
        assertThat(screen).contains("\u001b[2J", "shallot monit", "watched", "cpu [", "mem ");
        assertThat(Files.exists(home.resolve("daemon.log"))).isTrue();
        shallot.ok("delete", "watched");
    }
}
