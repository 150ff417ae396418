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
 * workers; a rolling reload under constant load loses nothing; kill -9 of a worker under load
 * costs only the requests in flight on it.
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
    void reloadUnderConstantLoadFailsNoRequest() throws Exception {
        Set<Long> before = pids();
        Load load = new Load(port, 8, "/", 3);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > 200);
            Shallot.Result reloaded = shallot.ok("reload", "web", "--json");
            JsonNode rows = reloaded.json();
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
    }

    @Test
    @Order(3)
    void killMinus9OfAWorkerUnderLoadCostsOnlyItsInFlightRequests() throws Exception {
        int connections = 8;
        JsonNode victim = shallot.row("web", 0);
        long victimPid = victim.path("pid").asLong();
        long survivorPid = shallot.row("web", 1).path("pid").asLong();
        Load load = new Load(port, connections, "/", 3);
        long backMs;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > 200);
            long t0 = System.nanoTime();
            ProcessHandle.of(victimPid).orElseThrow().destroyForcibly();
            JsonNode relaunched = await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> shallot.row("web", 0), r -> r.path("pid").asLong() > 0 && r.path("pid").asLong() != victimPid);
            JsonNode online = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> shallot.row("web", 0), r -> r.path("status").asText().equals("online"));
            backMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(online.path("pid").asLong()).isEqualTo(relaunched.path("pid").asLong());
            assertThat(online.path("last_exit_code").asInt()).isEqualTo(137);
            long okNow = load.ok.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok.get() > okNow + 200);
        } finally {
            load.close();
        }
        // keep-alive connections stay where they are; new ones go to the least busy: the relaunched worker
        long back = shallot.row("web", 0).path("pid").asLong();
        try (Load fresh = new Load(port, 4, "/", 3)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fresh.byBody.containsKey("hello from " + back));
            assertThat(fresh.failed.get()).isZero();
        }
        System.out.printf("kill -9: %d requests failed (in flight on the killed worker), %d ok, worker back online in %d ms%n",
                load.failed.get(), load.ok.get(), backMs);
        assertThat(load.failed.get()).as("failures: %s", load.errors).isLessThanOrEqualTo(connections);
        assertThat(load.non2xx.get()).isZero();
        assertThat(load.byBody).containsKey("hello from " + survivorPid);
    }
}
