package io.shallot.cluster.launch;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.internal.NettyFlags;
import io.shallot.cluster.logs.LinePump;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The part of launching that fork and cluster share: the JVM command line, the environment, the log pumps, the socket. */
final class Spawner {
    private static final AtomicLong SEQ = new AtomicLong();

    private Spawner() {
    }

    static List<String> command(AppSpec spec, String defaultClasspath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dshallot.app=" + spec.name());
        // before the app's own JVM arguments, so those can override them
        cmd.addAll(NettyFlags.forJdk(Runtime.version().feature()));
        cmd.addAll(spec.jvmArgs());
        if (spec.jar() != null) {
            cmd.add("-jar");
            cmd.add(spec.jar());
        } else {
            cmd.add("-cp");
            cmd.add(spec.classpath().isEmpty() ? defaultClasspath : String.join(":", spec.classpath()));
            cmd.add(spec.main());
        }
        cmd.addAll(spec.args());
        return cmd;
    }

    static Worker spawn(AppSpec spec, LaunchContext ctx, int instance, int id, Map<String, String> extraEnv) throws IOException {
        boolean spare = instance == Worker.SPARE;
        Path socketPath = ctx.home().run().resolve((spare ? "spare" : "w" + id) + "-" + SEQ.incrementAndGet() + ".sock");
        ProcessBuilder pb = new ProcessBuilder(command(spec, ctx.defaultClasspath()))
                .directory(Path.of(spec.cwd()).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove("SHALLOT_CLUSTER_PORT");
        env.putAll(spec.env());
        env.put("SHALLOT_APP", spec.name());
        env.put("SHALLOT_INSTANCE", Integer.toString(instance));
        env.put("SHALLOT_ID", Integer.toString(id));
        if (spare) {
            // a spare keeps this environment when it takes an instance's place: apps that act on
            // SHALLOT_INSTANCE (say, instance 0 runs the timers) should run with spares: 0
            env.put("SHALLOT_SPARE", "1");
        }
        env.put("SHALLOT_CLUSTER_SOCKET", socketPath.toString());
        env.putAll(extraEnv);
        // fail early, before a process exists, when the log files cannot be opened
        ctx.logs().out(instance);
        ctx.logs().error(instance);
        Process process = pb.start();
        Worker worker = new Worker(id, instance, spec.name(), process, System.currentTimeMillis());
        try {
            worker.socket = WorkerSocket.bind(ctx.loop(), socketPath, worker, ctx.events()::onMessage);
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        // asked at each chunk: a spare's output moves to the instance it replaces
        LinePump.start(process.getInputStream(), () -> ctx.logs().out(worker.instance), process::isAlive);
        LinePump.start(process.getErrorStream(), () -> ctx.logs().error(worker.instance), process::isAlive);
        process.onExit().whenComplete((p, e) -> ctx.loop().execute(() -> {
            int code = process.exitValue();
            worker.socket.close();
            // the supervisor settles the instance's state first, so whoever waits on exited() sees it
            ctx.events().onExit(worker, code);
            worker.exited.complete(code);
        }));
        return worker;
    }
}
