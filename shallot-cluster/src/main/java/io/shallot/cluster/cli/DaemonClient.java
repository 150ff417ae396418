package io.shallot.cluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.cluster.internal.Frames;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's side of {@code daemon.sock}: one request, one reply, over a JDK Unix-domain socket.
 * {@link #call} starts the daemon first when none answers (detached with setsid, so it survives the
 * CLI and the terminal), and waits until it does.
 */
public final class DaemonClient {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The daemon holds about 10 MB of live objects and its hot path is handing descriptors over, so
     * it runs small: a heap that starts at 8 MB and gives memory back after a full GC (by default the
     * JVM would commit a 64th of the machine's RAM up front), C1 only (no C2 compiler arenas, a small
     * code cache), small thread stacks. With one 2-worker app, RSS with -Xmx128m alone: 129 MB at
     * start, 153 MB after 15 s of new-connection load; with these: 85-89 MB. Serial GC still grows
     * the old generation between full collections, up to the -Xmx share (see bench/README.md).
     */
    private static final List<String> DAEMON_JVM_ARGS = List.of("-Xms8m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=16m", "-Xss256k");
    private final CliContext ctx;

    DaemonClient(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Sends a request, starting the daemon if needed; returns the reply's data or throws with the daemon's error. */
    public JsonNode call(ObjectNode request) {
        ensureRunning();
        return send(request);
    }

    /** Sends a request only if a daemon runs; null when none does. */
    public JsonNode callIfRunning(ObjectNode request) {
        if (!answers()) {
            return null;
        }
        return send(request);
    }

    public boolean answers() {
        try {
            connect().close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(ctx.home().socket()));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private JsonNode send(ObjectNode request) {
        try (SocketChannel ch = connect()) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            Frames.write(out, request);
            JsonNode reply = Frames.read(new DataInputStream(Channels.newInputStream(ch)));
            if (reply == null) {
                throw new CliException("the daemon closed the connection without answering (see " + ctx.home().daemonLog() + ")");
            }
            if (!reply.path("ok").asBoolean()) {
                throw new CliException(reply.path("error").asText("the daemon refused"));
            }
            return reply.get("data");
        } catch (IOException e) {
            throw new CliException("cannot talk to the daemon at " + ctx.home().socket() + ": " + e.getMessage(), e);
        }
    }

    private void ensureRunning() {
        if (answers()) {
            return;
        }
        try {
            ctx.home().create();
            List<String> cmd = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid");
            }
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(DAEMON_JVM_ARGS);
            cmd.addAll(List.of("-Dshallot.daemon=true", "--enable-native-access=ALL-UNNAMED", "-cp", ctx.classpath(),
                    "io.shallot.cluster.daemon.Daemon"));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(ctx.home().root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ctx.home().daemonLog().toFile()))
                    .redirectErrorStream(true);
            pb.environment().put("SHALLOT_HOME", ctx.home().root().toString());
            pb.environment().remove("SHALLOT_CLUSTER_SOCKET");
            pb.environment().remove("SHALLOT_CLUSTER_PORT");
            Process p = pb.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (answers()) {
                    return;
                }
                if (!p.isAlive() && p.exitValue() != 0) {
                    break;
                }
                Thread.sleep(50);
            }
            String why = p.isAlive() ? "did not answer within " + START_TIMEOUT.toSeconds() + " s"
                    : "exited with code " + p.exitValue();
            throw new CliException("the daemon " + why + "; the end of " + ctx.home().daemonLog() + ":\n"
                    + String.join("\n", LogsCommand.lastLines(ctx.home().daemonLog(), 8)));
        } catch (IOException e) {
            throw new CliException("cannot start the daemon: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while starting the daemon");
        }
    }

    static ObjectNode request(String cmd) {
        return Frames.object().put("cmd", cmd);
    }
}
