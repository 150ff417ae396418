package io.shallot.cluster.daemon;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.config.AppSpecJson;
import io.shallot.cluster.internal.Home;
import io.shallot.cluster.internal.Json;
import io.shallot.cluster.supervisor.AppSupervisor;
import io.shallot.loop.Loop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The daemon's apps by name, and the commands the CLI sends. Confined to the daemon loop.
 * A target is an app name, a process id (one instance) or {@code all}.
 */
final class Registry {
    private final Loop loop;
    private final Home home;
    private final String classpath;
    private final Map<String, AppSupervisor> apps = new LinkedHashMap<>();
    private int nextId;

    Registry(Loop loop, Home home, String classpath) {
        this.loop = loop;
        this.home = home;
        this.classpath = classpath;
    }

    Iterable<AppSupervisor> apps() {
        return apps.values();
    }

    /** Starts the given apps; an app that exists and runs is refused, one that is stopped takes the new settings. */
    CompletableFuture<List<Map<String, Object>>> start(List<AppSpec> specs) {
        for (AppSpec spec : specs) {
            AppSupervisor existing = apps.get(spec.name());
            if (existing != null && existing.running()) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("'" + spec.name()
                        + "' is already running; use 'shallot restart " + spec.name() + "' or 'shallot reload "
                        + spec.name() + "' (or delete it first to change its settings)"));
            }
        }
        List<CompletableFuture<Void>> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (AppSpec spec : specs) {
            AppSupervisor old = apps.remove(spec.name());
            CompletableFuture<Void> ready = old == null ? CompletableFuture.completedFuture(null) : old.delete();
            AppSupervisor sup = new AppSupervisor(loop, spec, home.logs(), i -> nextId++, classpath, home);
            apps.put(spec.name(), sup);
            names.add(spec.name());
            started.add(ready.handle((v, e) -> null).thenCompose(v -> sup.start()));
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).thenApply(v -> rows(names));
    }

    CompletableFuture<List<Map<String, Object>>> startExisting(String target) {
        return each(target, "start", (sup, id) -> sup.start());
    }

    CompletableFuture<List<Map<String, Object>>> stop(String target) {
        return each(target, "stop", AppSupervisor::stop);
    }

    CompletableFuture<List<Map<String, Object>>> restart(String target) {
        return each(target, "restart", AppSupervisor::restart);
    }

    CompletableFuture<List<Map<String, Object>>> reload(String target) {
        return each(target, "reload", AppSupervisor::reload);
    }

    CompletableFuture<List<Map<String, Object>>> delete(String target) {
        List<AppSupervisor> targets;
        try {
            targets = resolve(target).stream().map(Target::app).distinct().toList();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (target.matches("\\d+") && !apps.containsKey(target)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "delete works on whole apps; give the name ('" + targets.get(0).name() + "')"));
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (AppSupervisor sup : targets) {
            apps.remove(sup.name());
            done.add(sup.delete());
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> rows(null));
    }

    List<Map<String, Object>> list() {
        return rows(null);
    }

    List<Map<String, Object>> describe(String target) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppSupervisor sup : resolve(target).stream().map(Target::app).distinct().toList()) {
            out.add(Json.fields("name", sup.name(), "spec", AppSpecJson.write(sup.spec()), "created_at", sup.createdAtMs(),
                    "processes", sup.rows()));
        }
        return out;
    }

    Map<String, Object> save() throws IOException {
        List<AppSpec> specs = apps.values().stream().map(AppSupervisor::spec).toList();
        var tmp = home.dump().resolveSibling("dump.json.tmp");
        Files.writeString(tmp, Json.writePretty(AppSpecJson.writeAll(specs)));
        Files.move(tmp, home.dump(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Json.fields("file", home.dump().toString(), "apps", specs.size());
    }

    CompletableFuture<List<Map<String, Object>>> resurrect() {
        if (!Files.exists(home.dump())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "nothing to resurrect: " + home.dump() + " does not exist (run 'shallot save' first)"));
        }
        List<AppSpec> specs;
        try {
            specs = AppSpecJson.readAll(Json.parse(Files.readAllBytes(home.dump())));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IOException("cannot read " + home.dump() + ": " + e.getMessage(), e));
        }
        List<AppSpec> missing = specs.stream().filter(s -> !apps.containsKey(s.name())).toList();
        return start(missing).thenApply(v -> rows(null));
    }

    /** Stops every app (for kill and the daemon's own shutdown). */
    CompletableFuture<Void> stopAll() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (AppSupervisor sup : apps.values()) {
            done.add(sup.delete());
        }
        apps.clear();
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    void sample(long nowNanos) {
        for (AppSupervisor sup : apps.values()) {
            sup.sample(nowNanos);
        }
    }

    private record Target(AppSupervisor app, Integer id) {
    }

    private List<Target> resolve(String target) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("name which app: a name, a process id or 'all'");
        }
        if (target.equals("all")) {
            return apps.values().stream().map(a -> new Target(a, null)).toList();
        }
        AppSupervisor byName = apps.get(target);
        if (byName != null) {
            return List.of(new Target(byName, null));
        }
        if (target.matches("\\d+")) {
            int id = Integer.parseInt(target);
            for (AppSupervisor sup : apps.values()) {
                if (sup.hasId(id)) {
                    return List.of(new Target(sup, id));
                }
            }
        }
        throw new IllegalArgumentException("no app or process id '" + target + "'"
                + (apps.isEmpty() ? " (no apps are running)" : "; known: " + String.join(", ", apps.keySet())));
    }

    private interface Action {
        CompletableFuture<Void> apply(AppSupervisor sup, Integer id);
    }

    private CompletableFuture<List<Map<String, Object>>> each(String target, String what, Action action) {
        List<Target> targets;
        try {
            targets = resolve(target);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Target t : targets) {
            done.add(action.apply(t.app(), t.id()));
        }
        List<String> names = targets.stream().map(t -> t.app().name()).distinct().toList();
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> rows(names));
    }

    private List<Map<String, Object>> rows(List<String> names) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppSupervisor sup : apps.values()) {
            if (names == null || names.contains(sup.name())) {
                out.addAll(sup.rows());
            }
        }
        return out;
    }
}
