package io.shallot.cluster.supervisor;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.internal.Json;
import io.shallot.cluster.launch.Worker;
import io.shallot.cluster.launch.WorkerLauncher;
import io.shallot.cluster.logs.LogSet;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm spares of one cluster app ({@code spares: N}): workers started ahead, ready (listening,
 * and signalled under {@code wait_ready}) and warmed up ({@link WorkerLauncher#warm}) but never put
 * in rotation, so they get no connections. When a worker dies, {@link #take} hands one over at once,
 * so the instance serves again without waiting for a JVM to start, and a new spare is started in
 * the background. A spare that dies or
 * is not ready within {@code listen_timeout} is started again as {@link RestartPolicy} decides for
 * the spares together (so a broken app does not start spares in a storm); past {@code max_restarts}
 * they give up until the next {@link #fill}.
 *
 * <p>Confined to the daemon loop, like the {@link AppSupervisor} that owns it.
 */
final class Spares {
    private static final Logger LOG = LoggerFactory.getLogger(Spares.class);
    private final Loop loop;
    private final AppSpec spec;
    private final WorkerLauncher launcher;
    private final LogSet logs;
    private final RestartPolicy policy;
    private final List<Worker> workers = new ArrayList<>();
    private final Map<Worker, Timer> readyTimers = new HashMap<>();
    private final Set<Worker> notReadyInTime = new HashSet<>();
    private final Set<Worker> warm = new HashSet<>();
    private final Set<Timer> launches = new HashSet<>();
    private RestartPolicy.History history = RestartPolicy.History.fresh();
    private boolean wanted;
    private String gaveUp;

    Spares(Loop loop, AppSpec spec, WorkerLauncher launcher, LogSet logs, RestartPolicy policy) {
        this.loop = loop;
        this.spec = spec;
        this.launcher = launcher;
        this.logs = logs;
        this.policy = policy;
    }

    /** Starts spares until {@code spares} of them run or are on their way; from now on they are replaced when taken or dead. */
    void fill() {
        wanted = true;
        gaveUp = null;
        history = RestartPolicy.History.fresh();
        for (int n = workers.size() + launches.size(); n < spec.spares(); n++) {
            launch();
        }
    }

    /**
     * A ready spare, warm if one is, out of the pool and not yet in rotation (the caller admits it),
     * or null when none is ready. Another spare is started after {@code delayMs} (the restart delay
     * the caller decided).
     */
    Worker take(long delayMs) {
        Worker best = null;
        for (Worker w : workers) {
            if (w.alive() && launcher.ready(w) && (best == null || warm.contains(w))) {
                best = w;
            }
        }
        if (best != null) {
            workers.remove(best);
            warm.remove(best);
            later(delayMs);
        }
        return best;
    }

    /** Stops replacing spares and gives up the ones there are, for the caller to drain (a reload's spares run the old code). */
    List<Worker> retireAll() {
        wanted = false;
        launches.forEach(loop::clearTimeout);
        launches.clear();
        readyTimers.values().forEach(loop::clearTimeout);
        readyTimers.clear();
        notReadyInTime.clear();
        warm.clear();
        List<Worker> out = List.copyOf(workers);
        workers.clear();
        return out;
    }

    boolean owns(Worker w) {
        return workers.contains(w);
    }

    boolean any() {
        return !workers.isEmpty() || !launches.isEmpty();
    }

    /** A message from a spare's agent: once it is ready it may be taken, and it is warmed up. */
    void onMessage(Worker w) {
        Timer t = launcher.ready(w) ? readyTimers.remove(w) : null;
        if (t == null) {
            return;
        }
        loop.clearTimeout(t);
        launcher.warm(w).whenComplete((answered, e) -> {
            if (!workers.contains(w)) {
                return;
            }
            if (e != null) {
                LOG.warn("{}: ready as a spare; warm-up failed: {}", w, e.toString());
                return;
            }
            warm.add(w);
            LOG.info("{}: ready as a spare, warmed up ({} requests answered)", w, answered);
        });
    }

    /** A spare exited without being asked to. */
    void onExit(Worker w, int code) {
        workers.remove(w);
        warm.remove(w);
        Timer t = readyTimers.remove(w);
        if (t != null) {
            loop.clearTimeout(t);
        }
        long uptime = notReadyInTime.remove(w) ? 0 : System.currentTimeMillis() - w.startedAtMs();
        RestartPolicy.Decision d = policy.decide(new RestartPolicy.Exit(code, uptime, false), history);
        history = d.history();
        if (!wanted) {
            return;
        }
        switch (d) {
            case RestartPolicy.Decision.Restart r -> {
                LOG.info("{}: exited with code {} after {} ms; another spare in {} ms", w, code, uptime, r.delayMs());
                later(r.delayMs());
            }
            case RestartPolicy.Decision.Stop stop -> giveUp(w, stop.reason());
            case RestartPolicy.Decision.Errored e -> giveUp(w, e.reason());
        }
    }

    /**
     * A spare over {@code max_memory_restart} (it serves nothing, so this is rare), out of the pool
     * for the caller to drain, another started in its place; null when none is.
     */
    Worker overMemory() {
        for (Worker w : workers) {
            if (spec.maxMemoryBytes() > 0 && w.rssBytes() > spec.maxMemoryBytes()) {
                workers.remove(w);
                warm.remove(w);
                LOG.warn("{}: memory {} over max_memory_restart {}; replacing the spare", w, w.rssBytes(), spec.maxMemoryBytes());
                later(0);
                return w;
            }
        }
        return null;
    }

    void sample(long nowNanos) {
        for (Worker w : workers) {
            if (w.alive()) {
                w.sample(nowNanos);
            }
        }
    }

    /** One row per spare for {@code shallot ls} (status {@code spare} once ready), or one errored row when they gave up. */
    List<Map<String, Object>> rows(long now) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Worker w : workers) {
            String status = warm.contains(w) ? "spare" : launcher.ready(w) ? "spare warming" : "spare launching";
            rows.add(row("pid", w.pid(), "status", status, "uptime_ms", now - w.startedAtMs(),
                    "cpu", Math.round(w.cpuPercent() * 10) / 10.0, "memory", w.rssBytes()));
        }
        if (gaveUp != null && workers.isEmpty()) {
            rows.add(row("pid", 0, "status", "errored", "reason", "spares: " + gaveUp, "uptime_ms", 0, "cpu", 0, "memory", 0));
        }
        return rows;
    }

    /** The fields every spare row has, then {@code more}. */
    private Map<String, Object> row(Object... more) {
        Map<String, Object> row = Json.fields("name", spec.name(), "instance", Worker.SPARE, "spare", true,
                "mode", spec.mode().label(), "restarts", history.restarts(),
                "out_log", logs.outPath(Worker.SPARE).toString(), "error_log", logs.errorPath(Worker.SPARE).toString());
        row.putAll(Json.fields(more));
        return row;
    }

    private void later(long delayMs) {
        if (!wanted) {
            return;
        }
        if (delayMs <= 0) {
            launch();
            return;
        }
        Timer[] t = new Timer[1];
        t[0] = loop.setTimeout(() -> {
            launches.remove(t[0]);
            if (wanted) {
                launch();
            }
        }, delayMs);
        launches.add(t[0]);
    }

    private void launch() {
        Worker w;
        try {
            w = launcher.launch(Worker.SPARE, Worker.SPARE);
        } catch (IOException | RuntimeException e) {
            giveUp(null, "cannot launch: " + e.getMessage());
            return;
        }
        workers.add(w);
        LOG.info("{}: spare launched", w);
        if (!launcher.ready(w)) {
            readyTimers.put(w, loop.setTimeout(() -> {
                readyTimers.remove(w);
                if (w.alive()) {
                    LOG.warn("{}: spare not ready within listen_timeout {} ms; killing it", w, spec.listenTimeoutMs());
                    notReadyInTime.add(w);
                    w.kill();
                }
            }, spec.listenTimeoutMs()));
        }
    }

    private void giveUp(Worker w, String reason) {
        gaveUp = reason;
        LOG.warn("{}: no more spares: {}", w != null ? w : spec.name(), reason);
    }
}
