package io.shallot.cluster.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One app as the daemon runs it: every field validated, defaults applied, paths absolute and the
 * env profile merged. Built by {@link EcosystemLoader} from a file or from CLI options; saved as
 * JSON by {@code shallot save}.
 *
 * @param name        unique name (PM2 {@code name})
 * @param jar         executable jar ({@code java -jar}), or null when {@code main} is set
 * @param main        main class, run with {@code classpath} (empty: the daemon's own classpath)
 * @param instances   how many processes
 * @param spares      cluster mode: workers kept started and ready but given no connections, each
 *                    taking a dead worker's place at once (default 1 in cluster mode, else 0)
 * @param port        cluster mode: the port the daemon listens on for the workers; 0 in fork mode
 * @param cwd         working directory of every instance
 * @param env         variables added to the daemon's environment, profile already merged
 */
public record AppSpec(
        String name,
        String jar,
        String main,
        List<String> classpath,
        List<String> args,
        List<String> jvmArgs,
        int instances,
        int spares,
        ExecMode mode,
        String host,
        int port,
        Map<String, String> env,
        String cwd,
        Watch watch,
        Logs logs,
        Restart restart,
        long maxMemoryBytes,
        long killTimeoutMs,
        boolean waitReady,
        long listenTimeoutMs) {

    public AppSpec {
        if (spares < 0 || spares > 0 && mode != ExecMode.CLUSTER) {
            throw new IllegalArgumentException("spares must be 0, or more in cluster mode; got " + spares
                    + " in " + mode.label() + " mode");
        }
        classpath = List.copyOf(classpath);
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
        env = Map.copyOf(env);
    }

    /** What decides whether and when a dead instance comes back; see {@code RestartPolicy}. */
    public record Restart(boolean autorestart, int maxRestarts, long minUptimeMs, long restartDelayMs,
                          long expBackoffRestartDelayMs, Set<Integer> stopExitCodes) {
        public Restart {
            stopExitCodes = Set.copyOf(stopExitCodes);
        }

        public static Restart defaults() {
            return new Restart(true, 16, 1000, 0, 0, Set.of());
        }
    }

    /**
     * Log files: one pair per instance ({@code name-out-0.log}) unless {@code merge}, each line
     * prefixed with the time when {@code dateFormat} is set, rotated at {@code maxSizeBytes}
     * keeping {@code retain} old files.
     */
    public record Logs(String outFile, String errorFile, String dateFormat, boolean merge, long maxSizeBytes, int retain) {
    }

    /** Restart (cluster: reload) when a file under {@code paths} changes, unless it matches {@code ignore}. */
    public record Watch(boolean enabled, List<String> paths, List<String> ignore, long delayMs) {
        public Watch {
            paths = List.copyOf(paths);
            ignore = List.copyOf(ignore);
        }

        public static Watch off() {
            return new Watch(false, List.of(), List.of(), 1000);
        }
    }

    public AppSpec withName(String newName) {
        return new AppSpec(newName, jar, main, classpath, args, jvmArgs, instances, spares, mode, host, port, env, cwd,
                watch, logs, restart, maxMemoryBytes, killTimeoutMs, waitReady, listenTimeoutMs);
    }

    public AppSpec withInstances(int n) {
        return new AppSpec(name, jar, main, classpath, args, jvmArgs, n, spares, mode, host, port, env, cwd, watch, logs,
                restart, maxMemoryBytes, killTimeoutMs, waitReady, listenTimeoutMs);
    }
}
