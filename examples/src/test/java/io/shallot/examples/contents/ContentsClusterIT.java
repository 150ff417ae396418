package io.shallot.examples.contents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.cluster.cli.CliContext;
import io.shallot.cluster.cli.ShallotCli;
import io.shallot.cluster.internal.Home;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 四 under the process manager: {@code examples/contents/shallot.config.yaml} started through
 * the daemon, two workers per server, and each server answered by both of its workers (each worker
 * reports the requests it served; the answers themselves do not carry a pid). The file is used as
 * shipped except for its two ports, moved to free ones, its relative cwd, made absolute for the
 * copy, and its listen_timeout, raised for a test machine busier than a server should ever be.
 * Spares are off ({@code --spares 0}): shallot-cluster's ClusterIT covers them, and here they would
 * only add two more JVMs with their own MongoDB and Redis to a test that already starts four.
 */
class ContentsClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private String shallot(String... args) {
        StringWriter out = new StringWriter();
        CliContext ctx = new CliContext(new Home(home), new PrintWriter(out, true), new PrintWriter(out, true),
                Path.of("").toAbsolutePath(), CliContext.absolute(System.getProperty("java.class.path")));
        int exit = ShallotCli.create(ctx).execute(args);
        assertThat(exit).as("shallot %s: %s", String.join(" ", args), out).isZero();
        return out.toString();
    }

    private List<JsonNode> workers() throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        JSON.readTree(shallot("ls", "--json")).forEach(rows::add);
        return rows;
    }

    @Test
    void bothServersAnswerFromTwoWorkersEach() throws Exception {
        int api = freePort();
        int restful = freePort();
        String shipped = Files.readString(Path.of("contents", "shallot.config.yaml"));
        String yaml = shipped.replaceAll("\\b5000\\b", Integer.toString(api)).replaceAll("\\b4000\\b", Integer.toString(restful))
                .replace("cwd: ../..", "cwd: " + Path.of("").toAbsolutePath().getParent())
                .replace("listen_timeout: 60s", "listen_timeout: 180s");
        assertThat(yaml).doesNotContainPattern("\\b(5000|4000)\\b").doesNotContain("../..", " 60s");
        Path config = Files.writeString(home.resolve("contents.config.yaml"), yaml);
        Set<Long> pids = new HashSet<>();
        try {
            JSON.readTree(shallot("start", config.toString(), "--spares", "0", "--json"))
                    .forEach(r -> pids.add(r.path("pid").asLong()));
            List<JsonNode> rows = workers();
            assertThat(rows).hasSize(4).allMatch(r -> r.path("status").asText().equals("online"));
            assertThat(rows).extracting(r -> r.path("name").asText())
                    .containsExactlyInAnyOrder("contents-api", "contents-api", "contents-restful", "contents-restful");
            for (int i = 0; i < 20; i++) {
                assertThat(get(api, "/v1/userinfos?user_ids=1001,1002")).contains("\"ret\":0", "\"id\":1001", "\"id\":1002");
                // the RESTful workers fetch the users through the daemon's API port, so this spans both apps
                assertThat(get(restful, "/v1/contents?page=1&size=2")).contains("\"ret\":0", "\"user_info\"");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(workers())
                    .allMatch(r -> r.path("requests").asLong() > 0, "every worker served requests"));
            assertThat(workers()).extracting(r -> r.path("pid").asLong())
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pids);
        } finally {
            shallot("kill");
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (Files.exists(home.resolve("daemon.pid"))) {
                ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("daemon.pid")).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One GET on a new connection, so the daemon hands each request to a worker afresh. */
    private static String get(int port, String pathAndQuery) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200");
            return answer;
        }
    }
}
