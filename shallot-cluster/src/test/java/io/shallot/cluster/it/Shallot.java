package io.shallot.cluster.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.cluster.cli.CliContext;
import io.shallot.cluster.cli.ShallotCli;
import io.shallot.cluster.internal.Home;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code shallot} CLI in-process against a daemon in a temporary SHALLOT_HOME, and
 * remembers every pid it has seen (the daemon's and each worker's) so that {@link #close()} can
 * kill whatever a failed test left behind.
 */
final class Shallot implements AutoCloseable {
    /** Jackson, not the daemon's own codec: what the CLI prints must stay readable by other JSON tools. */
    private static final ObjectMapper JSON = new ObjectMapper();
    final Path home;
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();

    Shallot(Path home) {
        this.home = home;
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + out + " / " + err, e);
            }
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new Home(home), new PrintWriter(out, true), new PrintWriter(err, true), home,
                CliContext.absolute(System.getProperty("java.class.path")));
        int exit = ShallotCli.create(ctx).execute(args);
        rememberDaemon();
        Result r = new Result(exit, out.toString(), err.toString());
        if (args.length > 0 && r.exit == 0 && List.of(args).contains("--json") && r.out.startsWith("[")) {
            r.json().forEach(row -> pids.add(row.path("pid").asLong()));
        }
        return r;
    }

    /** Runs a command that must succeed. */
    Result ok(String... args) {
        Result r = run(args);
        if (r.exit != 0) {
            throw new AssertionError("shallot " + String.join(" ", args) + " failed (" + r.exit + "): " + r.err + r.out);
        }
        return r;
    }

    /** The rows of {@code ls --json} for one app's instances (not its spares). */
    List<JsonNode> rows(String app) {
        return rows(app, false);
    }

    /** The rows of {@code ls --json} for one app's spares. */
    List<JsonNode> spares(String app) {
        return rows(app, true);
    }

    private List<JsonNode> rows(String app, boolean spares) {
        List<JsonNode> out = new ArrayList<>();
        ok("ls", "--json").json().forEach(row -> {
            if (row.path("name").asText().equals(app) && row.path("spare").asBoolean() == spares) {
                out.add(row);
            }
        });
        return out;
    }

    /** The pid of the app's one spare once it is ready and warmed up. */
    long readySpare(String app) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> spares(app), r -> r.size() == 1 && r.get(0).path("status").asText().equals("spare"))
                .get(0).path("pid").asLong();
    }

    JsonNode row(String app, int instance) {
        return rows(app).stream().filter(r -> r.path("instance").asInt() == instance).findFirst().orElseThrow();
    }

    Path config(String name, String yaml) throws IOException {
        Path f = home.resolve(name + ".config.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    long daemonPid() {
        try {
            return Files.exists(home.resolve("daemon.pid")) ? Long.parseLong(Files.readString(home.resolve("daemon.pid")).trim()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private void rememberDaemon() {
        long pid = daemonPid();
        if (pid > 0) {
            pids.add(pid);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String classpath() {
        return CliContext.absolute(System.getProperty("java.class.path"));
    }

    /** The daemon's log, for failure messages. */
    String daemonLog() {
        try {
            return Files.readString(home.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no daemon log)";
        }
    }

    @Override
    public void close() {
        Thread killer = Thread.ofPlatform().start(() -> run("kill"));
        try {
            killer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Path keep = Path.of("target", "daemon-logs");
            Files.createDirectories(keep);
            if (Files.exists(home.resolve("daemon.log"))) {
                Files.copy(home.resolve("daemon.log"), keep.resolve(home.getFileName() + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // only a debugging aid
        }
        for (long pid : pids) {
            if (pid > 0) {
                ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
