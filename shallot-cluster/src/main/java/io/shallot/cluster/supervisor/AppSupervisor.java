package io.shallot.cluster.supervisor;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.config.ExecMode;
import io.shallot.cluster.internal.Home;
import io.shallot.cluster.internal.Json;
import io.shallot.cluster.launch.LaunchContext;
import io.shallot.cluster.launch.Worker;
import io.shallot.cluster.launch.WorkerEvents;
import io.shallot.cluster.launch.WorkerLauncher;
import io.shallot.cluster.logs.LogSet;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one app: its instances (slots), their restarts as {@link RestartPolicy} decides, graceful
 * stops within {@code kill_timeout}, rolling reloads gated on readiness, {@code max_memory_restart}
 * and {@code watch}; in cluster mode its {@link Spares}, which take a dead or oversized worker's
 * place at once (a reload, a restart of the app and a watched change replace them too, since they
 * run the code they were started with). Confined to the daemon loop: every method and callback
 * runs there, so there are no locks. Commands (start, stop, restart, reload, and the automatic
 * replacements) run one at a time through a queue; crashes are handled as they happen.
 */
public final class AppSupervisor implements WorkerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AppSupervisor.class);
    private final Loop loop;
    private final AppSpec spec;
    private final LogSet logs;
    private final WorkerLauncher launcher;
    private final RestartPolicy policy;
    private final Spares spares;
    private final List<Slot> slots = new ArrayList<>();
    private final Set<Worker> draining = new HashSet<>();
    private final long createdAtMs = System.currentTimeMillis();
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);
    private FileWatcher watcher;
    private boolean deleted;

    /** One instance: the process now serving it, its replacement during a reload, its history. */
    private final class Slot {
        final int instance;
        final int id;
        ProcessState state = new ProcessState.Stopped("not started");
        Worker worker;
        Worker replacement;
        RestartPolicy.History history = RestartPolicy.History.fresh();
        Timer restartTimer;
        Timer readyTimer;
        boolean stopRequested;
        boolean notReadyInTime;
        boolean replacing;
        Integer lastExitCode;
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<Void> replaced;

        Slot(int instance, int id) {
            this.instance = instance;
            this.id = id;
        }
    }

    public AppSupervisor(Loop loop, AppSpec spec, Path logDir, IntFunction<Integer> ids, String defaultClasspath,
                         Home home) {
        this.loop = loop;
        this.spec = spec;
        this.logs = new LogSet(logDir, spec);
        this.launcher = WorkerLauncher.create(spec, new LaunchContext(loop, home, logs, this, defaultClasspath));
        this.policy = new RestartPolicy(spec.restart());
        this.spares = new Spares(loop, spec, launcher, logs, policy);
        for (int i = 0; i < spec.instances(); i++) {
            slots.add(new Slot(i, ids.apply(i)));
        }
    }

    public AppSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public boolean hasId(int id) {
        return slots.stream().anyMatch(s -> s.id == id);
    }

    public boolean running() {
        return spares.any() || slots.stream().anyMatch(s -> s.worker != null || s.restartTimer != null);
    }

    // ------------------------------------------------------------------ commands

    /** Starts every instance that is not running; completes when each is online or has given up. */
    public CompletableFuture<Void> start() {
        return enqueue(() -> launcher.open().thenCompose(v -> all(slots, this::startSlot))
                .thenRun(this::fillSpares).thenRun(this::startWatching));
    }

    /** Stops the instances ({@code id} null: all) gracefully; completes when they have exited. */
    public CompletableFuture<Void> stop(Integer id) {
        return enqueue(() -> {
            CompletableFuture<Void> done = all(select(id), this::stopSlot);
            if (id == null) {
                stopWatching();
                return CompletableFuture.allOf(done, drain(spares.retireAll())).thenRun(launcher::close);
            }
            return done;
        });
    }

    /**
     * Stops then starts (PM2's restart); in cluster mode the port stays open, so connections wait
     * instead of failing. Restarting the whole app replaces its spares too.
     */
    public CompletableFuture<Void> restart(Integer id) {
        return enqueue(() -> {
            CompletableFuture<Void> sparesGone = id == null ? drain(spares.retireAll()) : CompletableFuture.completedFuture(null);
            return launcher.open().thenCompose(v -> all(select(id), s -> stopSlot(s).thenCompose(x -> {
                s.history = new RestartPolicy.History(s.history.restarts() + 1, 0, 0);
                return startSlot(s);
            }))).thenCombine(sparesGone, (a, b) -> a).thenRun(() -> {
                if (id == null) {
                    fillSpares();
                }
            }).thenRun(this::startWatching);
        });
    }

    /**
     * Zero-downtime reload, one instance at a time: start the replacement, wait until it is ready
     * (within listen_timeout), put it in rotation, then drain the old one (kill_timeout). Fails and
     * keeps the old worker serving when a replacement does not get ready. The spares, which run the
     * old code, are drained first and started again at the end. Refused in fork mode.
     */
    public CompletableFuture<Void> reload(Integer id) {
        String refusal = launcher.reloadRefusal();
        if (refusal != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(refusal));
        }
        return enqueue(() -> {
            drain(spares.retireAll());
            CompletableFuture<Void> chain = launcher.open();
            for (Slot s : select(id)) {
                chain = chain.thenCompose(v -> replaceSlot(s));
            }
            return chain.whenComplete((v, e) -> fillSpares()).thenRun(this::startWatching);
        });
    }

    /** Stops everything and releases the port and the log files. */
    public CompletableFuture<Void> delete() {
        return stop(null).whenComplete((v, e) -> {
            deleted = true;
            launcher.close();
            logs.close();
        });
    }

    private List<Slot> select(Integer id) {
        return id == null ? slots : slots.stream().filter(s -> s.id == id).toList();
    }

    private <T> CompletableFuture<T> enqueue(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queue = queue.handle((v, e) -> null).thenCompose(v -> {
            CompletableFuture<T> f;
            try {
                f = deleted ? CompletableFuture.failedFuture(new IllegalStateException(spec.name() + " was deleted")) : op.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                } else {
                    result.complete(r);
                }
            }).handle((r, e) -> null);
        });
        return result;
    }

    private static CompletableFuture<Void> all(List<Slot> slots, Function<Slot, CompletableFuture<Void>> each) {
        return CompletableFuture.allOf(slots.stream().map(each).toArray(CompletableFuture[]::new));
    }

    // ------------------------------------------------------------------ one slot

    private CompletableFuture<Void> startSlot(Slot s) {
        if (s.worker != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (s.restartTimer != null) {
            loop.clearTimeout(s.restartTimer);
            s.restartTimer = null;
        }
        s.history = new RestartPolicy.History(s.history.restarts(), 0, 0);
        spawn(s);
        return s.settled;
    }

    private void spawn(Slot s) {
        s.stopRequested = false;
        s.notReadyInTime = false;
        if (s.settled.isDone()) {
            s.settled = new CompletableFuture<>();
        }
        Worker w;
        try {
            w = launcher.launch(s.instance, s.id);
        } catch (IOException | RuntimeException e) {
            s.state = new ProcessState.Errored("cannot launch: " + e.getMessage());
            LOG.warn("{}#{}: cannot launch: {}", spec.name(), s.instance, e.toString());
            s.settled.complete(null);
            return;
        }
        s.worker = w;
        s.state = new ProcessState.Launching(w.pid(), w.sinceMs());
        LOG.info("{}: launched (pid {})", w, w.pid());
        if (launcher.ready(w)) {
            becameReady(s, w);
        } else {
            s.readyTimer = loop.setTimeout(() -> notReadyInTime(s, w), spec.listenTimeoutMs());
        }
    }

    private CompletableFuture<Void> stopSlot(Slot s) {
        if (s.restartTimer != null) {
            loop.clearTimeout(s.restartTimer);
            s.restartTimer = null;
        }
        Worker w = s.worker;
        if (w == null) {
            s.state = new ProcessState.Stopped("stopped");
            return CompletableFuture.completedFuture(null);
        }
        s.stopRequested = true;
        s.state = new ProcessState.Stopping(w.pid(), "stop");
        shutDown(w);
        return w.exited().thenApply(code -> null);
    }

    /** Out of rotation, asked to drain, killed after kill_timeout. */
    private void shutDown(Worker w) {
        launcher.retire(w);
        launcher.stop(w);
        Timer kill = loop.setTimeout(() -> {
            if (w.alive()) {
                LOG.warn("{}: still running {} ms after the stop request (kill_timeout); SIGKILL", w, spec.killTimeoutMs());
                w.kill();
            }
        }, spec.killTimeoutMs());
        w.exited().whenComplete((c, e) -> loop.clearTimeout(kill));
    }

    /** Shuts down workers that left their place (old spares, a worker a spare replaced); completes when they have exited. */
    private CompletableFuture<Void> drain(List<Worker> workers) {
        for (Worker w : workers) {
            draining.add(w);
            shutDown(w);
        }
        return CompletableFuture.allOf(workers.stream().map(Worker::exited).toArray(CompletableFuture[]::new));
    }

    /** Spares are started once the app serves: an app that cannot start would only fail them too. */
    private void fillSpares() {
        if (!deleted && slots.stream().anyMatch(s -> s.state instanceof ProcessState.Online)) {
            spares.fill();
        }
    }

    /** A ready spare takes the slot's place: it is in rotation from now on. */
    private void promote(Slot s, Worker spare) {
        spare.assign(s.instance, s.id);
        s.worker = spare;
        s.notReadyInTime = false;
        s.state = new ProcessState.Online(spare.pid(), spare.sinceMs());
        launcher.admit(spare);
        s.settled.complete(null);
    }

    private CompletableFuture<Void> replaceSlot(Slot s) {
        if (s.worker == null || s.replacement != null) {
            return startSlot(s);
        }
        Worker next;
        try {
            next = launcher.launch(s.instance, s.id);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "cannot launch a replacement for " + s.worker + ": " + e.getMessage(), e));
        }
        LOG.info("{}: replacement launched (pid {}) for {}", next, next.pid(), s.worker);
        s.replacement = next;
        s.replaced = new CompletableFuture<>();
        if (launcher.ready(next)) {
            becameReady(s, next);
        } else {
            s.readyTimer = loop.setTimeout(() -> notReadyInTime(s, next), spec.listenTimeoutMs());
        }
        return s.replaced;
    }

    private void becameReady(Slot s, Worker w) {
        if (s.readyTimer != null) {
            loop.clearTimeout(s.readyTimer);
            s.readyTimer = null;
        }
        if (w == s.replacement) {
            Worker old = s.worker;
            s.replacement = null;
            s.worker = w;
            s.history = new RestartPolicy.History(s.history.restarts() + 1, 0, s.history.lastBackoffMs());
            s.state = new ProcessState.Online(w.pid(), w.sinceMs());
            launcher.admit(w);
            if (s.restartTimer != null) {
                loop.clearTimeout(s.restartTimer);
                s.restartTimer = null;
            }
            CompletableFuture<Void> replaced = s.replaced;
            if (old != null && old.alive()) {
                LOG.info("{}: ready; draining {}", w, old);
                draining.add(old);
                shutDown(old);
                old.exited().whenComplete((c, e) -> replaced.complete(null));
            } else {
                replaced.complete(null);
            }
            return;
        }
        if (w == s.worker && s.state instanceof ProcessState.Launching) {
            s.state = new ProcessState.Online(w.pid(), w.sinceMs());
            launcher.admit(w);
            LOG.info("{}: online", w);
            s.settled.complete(null);
        }
    }

    private void notReadyInTime(Slot s, Worker w) {
        s.readyTimer = null;
        if (!w.alive()) {
            return;
        }
        if (spec.mode() == ExecMode.FORK && w == s.worker) {
            LOG.warn("{}: no Ready.signal() within listen_timeout {} ms; considered online", w, spec.listenTimeoutMs());
            w.markSignalled();
            becameReady(s, w);
            return;
        }
        LOG.warn("{}: not ready within listen_timeout {} ms (cluster workers must run a shallot server on port {}{});"
                + " killing it", w, spec.listenTimeoutMs(), spec.port(), spec.waitReady() ? " and call Ready.signal()" : "");
        if (w == s.worker) {
            s.notReadyInTime = true;
        }
        w.kill();
    }

    // ------------------------------------------------------------------ events

    @Override
    public void onMessage(Worker w, Map<String, Object> msg) {
        switch (Json.text(msg, "type")) {
            case "stats" -> w.stats(msg);
            case "listening" -> w.markListening();
            case "ready" -> w.markSignalled();
            default -> {
            }
        }
        if (spares.owns(w)) {
            spares.onMessage(w);
            return;
        }
        Slot s = slotOf(w);
        if (s == null || !launcher.ready(w)) {
            return;
        }
        if (w == s.replacement || (w == s.worker && s.state instanceof ProcessState.Launching)) {
            becameReady(s, w);
        }
    }

    @Override
    public void onExit(Worker w, int code) {
        launcher.retire(w);
        if (draining.remove(w)) {
            LOG.info("{}: drained, exited with code {}", w, code);
            return;
        }
        if (spares.owns(w)) {
            spares.onExit(w, code);
            return;
        }
        Slot s = slotOf(w);
        if (s == null) {
            return;
        }
        if (w == s.replacement) {
            s.replacement = null;
            if (s.readyTimer != null) {
                loop.clearTimeout(s.readyTimer);
                s.readyTimer = null;
            }
            s.replaced.completeExceptionally(new IllegalStateException("the replacement " + w + " exited with code " + code
                    + " before it was ready; " + (s.worker != null ? s.worker + " keeps serving" : "the instance is down")
                    + ". See " + logs.errorPath(s.instance)));
            return;
        }
        if (w != s.worker) {
            return;
        }
        if (s.readyTimer != null) {
            loop.clearTimeout(s.readyTimer);
            s.readyTimer = null;
        }
        s.worker = null;
        s.lastExitCode = code;
        long uptime = s.notReadyInTime ? 0 : System.currentTimeMillis() - w.sinceMs();
        RestartPolicy.Decision d = policy.decide(new RestartPolicy.Exit(code, uptime, s.stopRequested), s.history);
        s.history = d.history();
        switch (d) {
            case RestartPolicy.Decision.Restart r -> {
                // a spare serves at once; the delay then applies to starting the next spare
                Worker spare = spares.take(r.delayMs());
                if (spare != null) {
                    LOG.info("{}: exited with code {} after {} ms; {} takes its place", w, code, uptime, spare);
                    promote(s, spare);
                } else {
                    LOG.info("{}: exited with code {} after {} ms; restart in {} ms", w, code, uptime, r.delayMs());
                    s.state = new ProcessState.WaitingRestart(System.currentTimeMillis() + r.delayMs(), r.delayMs(), code);
                    s.restartTimer = loop.setTimeout(() -> {
                        s.restartTimer = null;
                        spawn(s);
                    }, r.delayMs());
                }
            }
            case RestartPolicy.Decision.Stop stop -> {
                if (!s.stopRequested) {
                    LOG.info("{}: {}", w, stop.reason());
                }
                s.state = new ProcessState.Stopped(stop.reason());
                s.settled.complete(null);
            }
            case RestartPolicy.Decision.Errored e -> {
                String reason = s.notReadyInTime ? "not ready within listen_timeout " + spec.listenTimeoutMs() + " ms"
                        + (spec.mode() == ExecMode.CLUSTER ? " (a cluster worker must run a shallot server on port "
                        + spec.port() + (spec.waitReady() ? " and call Ready.signal()" : "") + ")" : "") + "; " + e.reason()
                        : e.reason();
                LOG.warn("{}: errored: {}", w, reason);
                s.state = new ProcessState.Errored(reason);
                s.settled.complete(null);
            }
        }
    }

    private Slot slotOf(Worker w) {
        for (Slot s : slots) {
            if (s.worker == w || s.replacement == w) {
                return s;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ health

    /** Every second: CPU and memory of each process; replaces an instance over max_memory_restart. */
    public void sample(long nowNanos) {
        for (Worker w : draining) {
            w.sample(nowNanos);
        }
        spares.sample(nowNanos);
        Worker oversized = spares.overMemory();
        if (oversized != null) {
            drain(List.of(oversized));
        }
        for (Slot s : slots) {
            for (Worker w : new Worker[] {s.worker, s.replacement}) {
                if (w != null && w.alive()) {
                    w.sample(nowNanos);
                }
            }
            Worker w = s.worker;
            if (spec.maxMemoryBytes() > 0 && w != null && s.state instanceof ProcessState.Online
                    && w.rssBytes() > spec.maxMemoryBytes() && !s.replacing) {
                s.replacing = true;
                LOG.warn("{}: memory {} over max_memory_restart {}; replacing it", w, w.rssBytes(), spec.maxMemoryBytes());
                replaceGracefully(s, true).whenComplete((v, e) -> s.replacing = false);
            }
        }
    }

    /**
     * Cluster: a ready spare takes the slot's place when the code is the same ({@code sameCode}),
     * else a rolling replacement of this slot; fork: stop then start.
     */
    private CompletableFuture<Void> replaceGracefully(Slot s, boolean sameCode) {
        if (launcher.reloadRefusal() == null) {
            return enqueue(() -> {
                Worker old = s.worker;
                Worker spare = sameCode && old != null && s.replacement == null ? spares.take(0) : null;
                if (spare == null) {
                    return replaceSlot(s);
                }
                LOG.info("{}: {} takes its place; draining it", old, spare);
                s.history = new RestartPolicy.History(s.history.restarts() + 1, 0, s.history.lastBackoffMs());
                promote(s, spare);
                return drain(List.of(old));
            });
        }
        return enqueue(() -> stopSlot(s).thenCompose(v -> {
            s.history = new RestartPolicy.History(s.history.restarts() + 1, 0, 0);
            return startSlot(s);
        }));
    }

    private void startWatching() {
        if (!spec.watch().enabled() || watcher != null || deleted) {
            return;
        }
        try {
            watcher = FileWatcher.start(spec.watch(), changed -> loop.execute(() -> {
                if (deleted || watcher == null) {
                    return;
                }
                LOG.info("{}: {} changed; {}", spec.name(), changed, launcher.reloadRefusal() == null ? "reloading" : "restarting");
                for (Slot s : slots) {
                    if (s.worker != null || s.restartTimer != null) {
                        replaceGracefully(s, false);
                    }
                }
                if (spares.any()) {
                    enqueue(() -> {
                        drain(spares.retireAll());
                        fillSpares();
                        return CompletableFuture.completedFuture(null);
                    });
                }
            }));
        } catch (IOException e) {
            LOG.warn("{}: cannot watch {}: {}", spec.name(), spec.watch().paths(), e.toString());
        }
    }

    private void stopWatching() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    // ------------------------------------------------------------------ views

    /** One row per instance: what {@code shallot ls} shows. */
    public List<Map<String, Object>> rows() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Slot s : slots) {
            Worker w = s.worker;
            Map<String, Object> row = Json.fields(
                    "id", s.id,
                    "name", spec.name(),
                    "instance", s.instance,
                    "mode", spec.mode().label(),
                    "pid", w != null ? w.pid() : 0,
                    "status", s.state.label(),
                    "restarts", s.history.restarts(),
                    "unstable_restarts", s.history.unstableRestarts(),
                    "uptime_ms", w != null && s.state.running() ? now - w.sinceMs() : 0,
                    "cpu", w != null ? round(w.cpuPercent()) : 0,
                    "memory", w != null ? w.rssBytes() : 0);
            if (w != null && w.requestsPerSecond() >= 0) {
                row.put("rps", round(w.requestsPerSecond()));
                row.put("loop_delay_ms", round(w.loopDelayMs()));
                row.put("connections", w.load());
                row.put("requests", w.requests());
            }
            if (s.lastExitCode != null) {
                row.put("last_exit_code", s.lastExitCode);
            }
            switch (s.state) {
                case ProcessState.Errored e -> row.put("reason", e.reason());
                case ProcessState.Stopped st -> row.put("reason", st.reason());
                case ProcessState.WaitingRestart wr -> row.put("restart_in_ms", Math.max(0, wr.atMs() - now));
                default -> {
                }
            }
            row.put("out_log", logs.outPath(s.instance).toString());
            row.put("error_log", logs.errorPath(s.instance).toString());
            rows.add(row);
        }
        rows.addAll(spares.rows(now));
        return rows;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
