package io.shallot.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode with real processes: the daemon owns the port and hands connections to two
 * workers; a rolling reload under constant load loses nothing and replaces the spare too; kill -9
 * of a worker under load costs only the requests in flight on it, and the warm spare serves in its
 * place (the time that takes is measured by bench/pm2-compare.sh, not asserted here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    @TempDir
    static Path home;
    static Shallot shallot;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        shallot = new Shallot(home);
        port = Shallot.freePort();
        Path f = shallot.config("web", """
                apps:
                  - name: web
                    main: io.shallot.cluster.apps.HelloServer
                    jvm_args: -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
                    exec_mode: cluster
                    instances: 2
                    port: %d
                    host: 127.0.0.1
                    env: {PORT: %d}
                    kill_timeout: 5s
                    listen_timeout: 30s
                """.formatted(port, port));
        shallot.ok("start", f.toString());
    }

    @AfterAll
    static void stop() {
        shallot.close();
    }

    private static Set<Long> pids() {
        return shallot.rows("web").stream().map(r -> r.path("pid").asLong()).collect(Collectors.toSet());
    }

    private static Set<String> answeredBy(Load load) {
        return load.byBody.keySet();
    }

    @Test
    @Order(1)
    void twoWorkersServeOnePortFromTwoPids() throws Exception {
        List<JsonNode> rows = shallot.rows("web");
        assertThat(rows).hasSize(2).allMatch(r -> r.path("status").asText().equals("online"));
        Set<Long> pids = pids();
        try (Load load = new Load(port, 4, "/")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.byBody.size() >= 2);
            assertThat(answeredBy(load)).containsExactlyInAnyOrderElementsOf(
                    pids.stream().map(p -> "hello from " + p).toList());
            JsonNode busy = await().atMost(Duration.ofSeconds(5)).until(() -> shallot.row("web", 0),
                    r -> r.path("rps").asDouble() > 0);
            assertThat(busy.path("loop_delay_ms").isNumber()).isTrue();
            assertThat(busy.path("connections").asLong()).isBetween(1L, 4L);
            assertThat(load.failed.get()).isZero();
        }
    }

    @Test
    @Order(2)
    void reloadUnderConstantLoadFailsNoRequestAndReplacesTheSpare() throws Exception {
        Set<Long> before = pids();
        long spareBefore = shallot.readySpare("web");
        Load load = new Load(port, 8, "/", 3);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > 200);
            Shallot.Result reloaded = shallot.ok("reload", "web", "--json");
            List<JsonNode> rows = new java.util.ArrayList<>();
            reloaded.json().forEach(r -> {
                if (!r.path("spare").asBoolean()) {
                    rows.add(r);
                }
            });
            assertThat(rows).hasSize(2).allMatch(r -> r.path("status").asText().equals("online")
                    && r.path("restarts").asInt() == 1);
            long okAtReload = load.ok.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > okAtReload + 200);
        } finally {
            load.close();
        }
        Set<Long> after = pids();
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        assertThat(before).allMatch(p -> ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true));
        assertThat(load.errors).isEmpty();
        assertThat(load.failed.get()).isZero();
        assertThat(load.non2xx.get()).isZero();
        assertThat(answeredBy(load)).containsAll(after.stream().map(p -> "hello from " + p).toList());
        // the old spare runs the old code: drained, and a new one started
        long spareAfter = shallot.readySpare("web");
        assertThat(spareAfter).isNotEqualTo(spareBefore).isNotIn(before).isNotIn(after);
        assertThat(ProcessHandle.of(spareBefore).map(h -> !h.isAlive()).orElse(true)).isTrue();
    }

    @Test
    @Order(3)
    void killMinus9OfAWorkerUnderLoadCostsOnlyItsInFlightRequestsAndTheSpareServesAtOnce() throws Exception {
        int connections = 8;
        long sparePid = shallot.readySpare("web");
        long victimPid = shallot.row("web", 0).path("pid").asLong();
        long survivorPid = shallot.row("web", 1).path("pid").asLong();
        Load load = new Load(port, connections, "/", 3);
        long servedAfterMs;
        int probesFailed = 0;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > 200);
            long t0 = System.nanoTime();
            ProcessHandle.of(victimPid).orElseThrow().destroyForcibly();
            // a new connection goes to the least busy worker: the spare, once it has taken the victim's place
            long deadline = t0 + Duration.ofSeconds(30).toNanos();
            String answer = null;
            while (!("hello from " + sparePid).equals(answer) && System.nanoTime() < deadline) {
                answer = Load.once(port, "/");
                probesFailed += answer == null ? 1 : 0;
            }
            servedAfterMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(answer).isEqualTo("hello from " + sparePid);
            JsonNode row = shallot.row("web", 0);
            assertThat(row.path("pid").asLong()).isEqualTo(sparePid);
            assertThat(row.path("status").asText()).isEqualTo("online");
            assertThat(row.path("last_exit_code").asInt()).isEqualTo(137);
            assertThat(row.path("restarts").asInt()).isEqualTo(2);
            long okNow = load.ok.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > okNow + 200);
        } finally {
            load.close();
        }
        System.out.printf("kill -9: the spare served a new connection %d ms after the kill; %d keep-alive requests failed"
                + " (in flight on the killed worker), %d ok; %d probes failed%n", servedAfterMs, load.failed.get(), load.ok.get(),
                probesFailed);
        // at most one request per connection the victim held, plus a probe handed to it while it was dying
        assertThat(load.failed.get() + probesFailed).as("failures: %s", load.errors).isLessThanOrEqualTo(connections + 1);
        assertThat(load.non2xx.get()).isZero();
        assertThat(load.byBody).containsKey("hello from " + survivorPid);
        long nextSpare = shallot.readySpare("web");
        assertThat(nextSpare).isNotIn(sparePid, victimPid, survivorPid);
    }
}
