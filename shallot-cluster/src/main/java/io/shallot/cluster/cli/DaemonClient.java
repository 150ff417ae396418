package io.shallot.cluster.cli;

import io.shallot.cluster.daemon.internal.DaemonLogProvider;
import io.shallot.cluster.internal.Frames;
import io.shallot.cluster.internal.Json;
import io.shallot.cluster.internal.NettyFlags;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
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
import java.util.Map;

/**
 * The CLI's side of {@code daemon.sock}: one request, one reply, over a JDK Unix-domain socket.
 * {@link #call} starts the daemon first when none answers (detached with setsid, so it survives the
 * CLI and the terminal), and waits until it does.
 */
public final class DaemonClient {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The daemon holds about 3 MB of live objects, logs a few lines per restart, and its hot path is
     * handing descriptors over, so it runs small (bench/README.md, "Process manager vs PM2"):
     * <ul>
     * <li>Heap: 8 MB at start, at most 32. A fixed 6 MB young generation with survivors of 1 MB
     * ({@code SurvivorRatio=4}): what a restart or a stats message allocates dies there, instead of
     * overflowing small survivors into the old generation, which Serial GC grows without a full
     * collection (32 MB/hour in the 30-minute soak with {@code -Xmx64m} and the default young
     * sizing, 5.3 MB/hour with these). After a full GC the heap gives memory back
     * ({@code MaxHeapFreeRatio}). Compact object headers: 4 bytes less per object.
     * <li>Classes: the daemon's own SLF4J backend ({@code slf4j.provider}) instead of the Log4j2 on
     * the CLI's classpath (about 900 classes with its XML parser, and a ring buffer of 4,096 events);
     * no Netty JFR events (80 classes); no CDS archive ({@code -Xshare:off}): the JDK's archive is
     * relocated at start, so all its 14 MB are resident, while the 1,400 of its classes the daemon
     * uses cost less in metaspace.
     * <li>Code: C1 only, compiling a method only after 10 times the usual number of calls (2 MB less;
     * reload and kill -9 in bench/pm2-compare.sh stayed at 0 failed requests and 70-142 ms).
     * <li>Native: 256 KB thread stacks; freed malloc memory is returned every 5 s
     * ({@code TrimNativeHeapInterval}).
     * <li>Netty's buffers through {@code sun.misc.Unsafe} ({@code io.netty.noUnsafe=false}, with the
     * JDK's permission): on Java 25 Netty 4.2 otherwise frees direct memory through FFM downcalls,
     * about 360 more classes (jdk.internal.foreign, lambda forms) for no gain in a daemon (2.5 MB RSS).
     * </ul>
     * A JDK older than a flag runs without it (compact headers need 25). With one 2-worker app under
     * load: 91 MB RSS before, 58.2-58.3 MB with these, the daemon's own JSON codec instead of Jackson
     * and only the jars it uses on its classpath ({@link DaemonClasspath}) (PM2's: 56 MB).
     */
    static List<String> daemonJvmArgs(int jdk) {
        List<String> args = new ArrayList<>(List.of("-Xms8m", "-Xmx32m", "-Xmn6m", "-XX:SurvivorRatio=4",
                "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-XX:ReservedCodeCacheSize=16m", "-Xss256k",
                "-Xshare:off", "-Dio.netty.jfr.enabled=false", "-Dio.netty.noUnsafe=false",
                "-Dslf4j.provider=" + DaemonLogProvider.class.getName()));
        args.addAll(NettyFlags.forJdk(jdk));
        // the daemon runs on the CLI's JDK, which may be any from 21: these flags came later, and an
        // unknown flag stops the JVM
        if (jdk >= 22) {
            args.add("-XX:TrimNativeHeapInterval=5000");
        }
        if (jdk >= 25) {
            args.add("-XX:+UseCompactObjectHeaders");
        }
        return args;
    }

    private final CliContext ctx;

    DaemonClient(CliContext ctx) {
        this.ctx = ctx;
    }

    /** Sends a request, starting the daemon if needed; returns the reply's data or throws with the daemon's error. */
    public Object call(Map<String, Object> request) {
        ensureRunning();
        return send(request);
    }

    /** Sends a request only if a daemon runs; null when none does. */
    public Object callIfRunning(Map<String, Object> request) {
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

    private Object send(Map<String, Object> request) {
        try (SocketChannel ch = connect()) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            Frames.write(out, request);
            Map<String, Object> reply = Frames.read(new DataInputStream(Channels.newInputStream(ch)));
            if (reply == null) {
                throw new CliException("the daemon closed the connection without answering (see " + ctx.home().daemonLog() + ")");
            }
            if (!Boolean.TRUE.equals(reply.get("ok"))) {
                throw new CliException(reply.get("error") instanceof String error ? error : "the daemon refused");
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
            cmd.addAll(daemonJvmArgs(Runtime.version().feature()));
            cmd.addAll(List.of("-Dshallot.daemon=true",
                    "-Dshallot.classpath=" + ctx.classpath(), "-cp", DaemonClasspath.of(ctx.classpath()),
                    "io.shallot.cluster.daemon.Daemon"));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(ctx.home().root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
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

    /** A request: the command, then pairs of a key and a value ({@code "target", "web"}). */
    static Map<String, Object> request(String cmd, Object... more) {
        Map<String, Object> request = Json.fields("cmd", cmd);
        request.putAll(Json.fields(more));
        return request;
    }

    /** A reply's data as a list of objects (processes, apps). */
    static List<Map<String, Object>> rows(Object data) {
        try {
            return Json.objects(data);
        } catch (IOException e) {
            throw new CliException("unexpected reply from the daemon: " + e.getMessage(), e);
        }
    }

    /** A reply's data as one object. */
    static Map<String, Object> object(Object data) {
        try {
            return Json.object(data);
        } catch (IOException e) {
            throw new CliException("unexpected reply from the daemon: " + e.getMessage(), e);
        }
    }
}
