package io.shallot.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What replaces a worker by itself: wait_ready gating, max_memory_restart (by the spare), watch. */
class ReplaceIT {
    static final String JVM = "-Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
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
    void waitReadyKeepsAWorkerOutOfRotationUntilItSignals() throws Exception {
        int port = Shallot.freePort();
        Path f = shallot.config("lazy", """
                apps:
                  - name: lazy
                    main: io.shallot.cluster.apps.HelloServer
                    jvm_args: %s
                    exec_mode: cluster
                    port: %d
                    host: 127.0.0.1
                    env: {PORT: %d, READY_AFTER_MS: 2500}
                    wait_ready: true
                    listen_timeout: 30s
                """.formatted(JVM, port, port));
        Thread starter = Thread.ofPlatform().start(() -> shallot.ok("start", f.toString()));
        JsonNode launching = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var rows = shallot.rows("lazy");
            return rows.isEmpty() ? null : rows.get(0);
        }, r -> r != null && r.path("status").asText().equals("launching"));
        Path out = Path.of(launching.path("out_log").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out) && Files.readString(out).contains("listening"));
        // listening, not ready: a request waits in the daemon's backlog and is answered once the worker is ready
        assertThat(shallot.row("lazy", 0).path("status").asText()).isEqualTo("launching");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(Files.readString(out)).contains("ready");
        }
        starter.join(30_000);
        assertThat(shallot.row("lazy", 0).path("status").asText()).isEqualTo("online");
        shallot.ok("delete", "lazy");
    }

    @Test
    void maxMemoryRestartHandsAnOversizedWorkersPlaceToTheSpareGracefully() throws Exception {
        int port = Shallot.freePort();
        Path f = shallot.config("fat", """
                apps:
                  - name: fat
                    main: io.shallot.cluster.apps.HelloServer
                    jvm_args: -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
                    exec_mode: cluster
                    port: %d
                    host: 127.0.0.1
                    env: {PORT: %d}
                    max_memory_restart: 220M
                    listen_timeout: 30s
                """.formatted(port, port));
        shallot.ok("start", f.toString());
        long pid = shallot.row("fat", 0).path("pid").asLong();
        long spare = shallot.readySpare("fat");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alloc?mb=200"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.body()).contains("held 200 MB in " + pid);
        }
        try (Load load = new Load(port, 2, "/", 5)) {
            JsonNode replaced = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> shallot.row("fat", 0), r -> r.path("pid").asLong() != pid && r.path("status").asText().equals("online"));
            assertThat(replaced.path("pid").asLong()).isEqualTo(spare);
            assertThat(replaced.path("restarts").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
            assertThat(replaced.path("memory").asLong()).isLessThan(220L * 1024 * 1024);
            assertThat(load.failed.get()).as("%s", load.errors).isZero();
        }
        assertThat(shallot.readySpare("fat")).isNotIn(pid, spare);
        shallot.ok("delete", "fat");
    }

    @Test
    void watchRestartsOnAChangeButNotInIgnoredPaths() throws Exception {
        Path app = Files.createDirectories(home.resolve("watched-app"));
        Files.createDirectories(app.resolve("src"));
        Files.createDirectories(app.resolve("logs"));
        Path f = app.resolve("shallot.config.yaml");
        Files.writeString(f, """
                apps:
                  - name: watched
                    main: io.shallot.cluster.apps.Chatty
                    jvm_args: %s
                    watch: true
                    ignore_watch: [logs, "*.tmp"]
                    watch_delay: 300ms
                """.formatted(JVM));
        shallot.ok("start", f.toString());
        long pid = shallot.row("watched", 0).path("pid").asLong();
        Files.writeString(app.resolve("logs/app.log"), "ignored\n");
        Files.writeString(app.resolve("src/scratch.tmp"), "ignored too\n");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> shallot.row("watched", 0).path("pid").asLong() == pid);
        Files.writeString(app.resolve("src/Main.java"), "class Main {}\n");
        JsonNode restarted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> shallot.row("watched", 0), r -> r.path("pid").asLong() != pid && r.path("pid").asLong() > 0);
        assertThat(restarted.path("restarts").asInt()).isEqualTo(1);
        shallot.ok("delete", "watched");
    }
}
