package io.shallot.cluster.launch;

import io.netty.channel.Channel;
import io.shallot.cluster.internal.Json;
import io.shallot.cluster.internal.ProcStats;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One process of an app, as the daemon sees it. Confined to the daemon loop: launchers and the
 * supervisor read and write its fields only there. Its agent (shallot-web's cluster agent, when
 * the app runs a shallot server) connects back over the worker's own Unix socket: a control
 * connection for READY and stats, and in cluster mode an fd connection that carries the accepted
 * sockets.
 */
public final class Worker {
    /** What a spare has for instance and id until it takes an instance's place. */
    public static final int SPARE = -1;
    int id;
    /** Volatile: the log pumps read it to pick the file for each chunk. */
    volatile int instance;
    final String app;
    final Process process;
    final long startedAtMs;
    long sinceMs;
    final CompletableFuture<Integer> exited = new CompletableFuture<>();
    WorkerSocket socket;
    Channel control;
    Channel fds;
    boolean listening;
    boolean signalled;
    /** Connections handed to it; the worker reports how many it has received and how many are open. */
    long sent;
    long received;
    int open;
    double requestsPerSecond = -1;
    double loopDelayMs = -1;
    long requests;
    double cpuPercent;
    long rssBytes;
    private long lastCpuMs = -1;
    private long lastSampleNanos;

    Worker(int id, int instance, String app, Process process, long startedAtMs) {
        this.id = id;
        this.instance = instance;
        this.app = app;
        this.process = process;
        this.startedAtMs = startedAtMs;
        this.sinceMs = startedAtMs;
    }

    public int id() {
        return id;
    }

    public int instance() {
        return instance;
    }

    public long pid() {
        return process.pid();
    }

    /** When the process was started. */
    public long startedAtMs() {
        return startedAtMs;
    }

    /** When it took its instance: its start, or for a spare the moment it took a dead worker's place. */
    public long sinceMs() {
        return sinceMs;
    }

    public boolean spare() {
        return instance == SPARE;
    }

    /** A spare takes instance {@code instance} (process id {@code id}): its output goes to that instance's logs from now on. */
    public void assign(int instance, int id) {
        this.instance = instance;
        this.id = id;
        this.sinceMs = System.currentTimeMillis();
    }

    /** Completes with the exit code (128 + signal number when killed) on the daemon loop. */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    public boolean alive() {
        return !exited.isDone();
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public double loopDelayMs() {
        return loopDelayMs;
    }

    public long requests() {
        return requests;
    }

    public double cpuPercent() {
        return cpuPercent;
    }

    public long rssBytes() {
        return rssBytes;
    }

    /** Connections it holds: what it last reported, plus what was handed over since. */
    public long load() {
        return open + (sent - received);
    }

    /** A stats message of the agent: requests/s, loop delay, connections received and open. */
    public void stats(Map<String, Object> msg) {
        requestsPerSecond = Json.doubleValue(msg, "rps", 0);
        loopDelayMs = Json.doubleValue(msg, "delay_ms", 0);
        requests = Json.longValue(msg, "requests", 0);
        received = Json.longValue(msg, "received", 0);
        open = (int) Json.longValue(msg, "open", 0);
    }

    /** Its server has attached (cluster: to the daemon's connections). */
    public void markListening() {
        listening = true;
    }

    /** It called {@code Ready.signal()} (or the daemon stopped waiting for that). */
    public void markSignalled() {
        signalled = true;
    }

    /** Reads CPU and memory from /proc; CPU % over the time since the previous sample. */
    public void sample(long nowNanos) {
        long[] s = ProcStats.sample(pid());
        if (s == null) {
            return;
        }
        if (lastCpuMs >= 0 && nowNanos > lastSampleNanos) {
            cpuPercent = 100.0 * (s[0] - lastCpuMs) / ((nowNanos - lastSampleNanos) / 1e6);
        }
        lastCpuMs = s[0];
        lastSampleNanos = nowNanos;
        rssBytes = s[1];
    }

    /** SIGTERM: the JVM runs its shutdown hooks (a shallot server drains in its hook). */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return spare() ? app + "#spare (pid " + pid() + ")" : app + "#" + instance + " (id " + id + ", pid " + pid() + ")";
    }
}
