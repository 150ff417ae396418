package io.shallot.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.cluster.cli.CliContext;
import io.shallot.cluster.cli.ShallotCli;
import io.shallot.cluster.internal.Home;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 六 as the issue states it: {@code shallot start examples/cluster/shallot.config.yaml} answers from two pids. */
class ClusterExampleIT {
    private static final Pattern ANSWER = Pattern.compile("hello world, start with cluster (\\d+)");

    @TempDir
    Path home;

    private int shallot(StringWriter out, String... args) {
        CliContext ctx = new CliContext(new Home(home), new PrintWriter(out, true), new PrintWriter(out, true),
                Path.of("").toAbsolutePath(), CliContext.absolute(System.getProperty("java.class.path")));
        return ShallotCli.create(ctx).execute(args);
    }

    @Test
    void theHelloWorldAnswersFromTwoWorkerPidsOnOnePort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Path.of("cluster", "shallot.config.yaml");
        assertThat(config).exists();
        StringWriter out = new StringWriter();
        Set<Long> workers = new HashSet<>();
        try {
            int exit = shallot(out, "start", config.toString(), "--port", Integer.toString(port), "--json");
            assertThat(exit).as(out.toString()).isZero();
            new ObjectMapper().readTree(out.toString()).forEach(row -> {
                if (!row.path("spare").asBoolean()) {
                    workers.add(row.path("pid").asLong());
                }
            });
            assertThat(workers).hasSize(2);
            Set<Long> answered = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                Matcher m = ANSWER.matcher(get(port));
                assertThat(m.find()).isTrue();
                answered.add(Long.parseLong(m.group(1)));
            }
            StringWriter ls = new StringWriter();
            shallot(ls, "ls", "--json");
            assertThat(answered).as("answers from %s; now %s; daemon log:%n%s", answered, ls,
                    Files.readString(home.resolve("daemon.log"))).isEqualTo(workers);
        } finally {
            shallot(new StringWriter(), "kill");
            workers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (Files.exists(home.resolve("daemon.pid"))) {
                ProcessHandle.of(Long.parseLong(Files.readString(home.resolve("daemon.pid")).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static String get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
