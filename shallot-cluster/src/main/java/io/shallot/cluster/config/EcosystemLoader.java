package io.shallot.cluster.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code shallot.config.yaml} (or {@code .json}): PM2's ecosystem format, an {@code apps} list
 * whose entries use PM2's field names where they make sense for a JVM. Every problem is collected
 * and reported at once, each naming the file, the app, the field and what is allowed; nothing is
 * started from a file with a problem. Relative paths are resolved against the file's folder, which
 * is also the default {@code cwd}.
 *
 * <p>Shallot's own fields: {@code jar} / {@code main} + {@code classpath} instead of {@code script},
 * {@code jvm_args} instead of {@code node_args}, {@code port} / {@code host} (cluster mode: the
 * daemon owns the listening socket, so it must know the port), {@code log_max_size} /
 * {@code log_retain} (rotation, pm2-logrotate's job), {@code spares} (cluster mode: workers started
 * ahead that take a dead worker's place at once; default 1 there, so a crash costs no JVM start).
 */
public final class EcosystemLoader {
    /** Every field an app may have, in the order {@code shallot describe} shows them. */
    public static final List<String> FIELDS = List.of(
            "name", "jar", "main", "classpath", "args", "jvm_args", "instances", "spares", "exec_mode", "port", "host",
            "env", "env_<profile>", "cwd", "watch", "ignore_watch", "watch_delay", "out_file", "error_file",
            "log_date_format", "merge_logs", "log_max_size", "log_retain", "autorestart", "max_restarts",
            "min_uptime", "restart_delay", "exp_backoff_restart_delay", "stop_exit_codes", "max_memory_restart",
            "kill_timeout", "wait_ready", "listen_timeout");
    private static final Map<String, String> PM2_HINTS = Map.of(
            "script", "a shallot app is a JVM: use 'jar: app.jar' or 'main: com.example.Main'",
            "node_args", "use jvm_args",
            "interpreter_args", "use jvm_args",
            "interpreter", "apps run on the daemon's JVM; put JVM options in jvm_args",
            "log_file", "use out_file and error_file (merge_logs: true shares them between instances)",
            "instance_var", "each instance gets SHALLOT_INSTANCE (0..instances-1) in its environment");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcosystemLoader() {
    }

    /** True when {@code arg} names an ecosystem file rather than a jar, a main class or an app name. */
    public static boolean isEcosystemFile(String arg) {
        String lower = arg.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    /** Every app of the file, with the {@code env_<profile>} block merged over {@code env} when a profile is given. */
    public static List<AppSpec> load(Path file, String profile) {
        return load(file, profile, Map.of());
    }

    /** As {@link #load(Path, String)}, with fields that override every app's (the CLI's {@code -i}, {@code --watch}...). */
    public static List<AppSpec> load(Path file, String profile, Map<String, Object> overrides) {
        Path abs = file.toAbsolutePath().normalize();
        String source = abs.toString();
        JsonNode root;
        try {
            String lower = source.toLowerCase(Locale.ROOT);
            root = (lower.endsWith(".json") ? JSON : YAML).readTree(Files.readString(abs));
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of("no such file"));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse("")));
        }
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of("expected a map with an 'apps' list at the top"));
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!key.equals("apps")) {
                problems.add("unknown top-level field '" + key + "'; allowed: apps"
                        + (key.equals("deploy") ? " (deployment is not shallot's job)" : ""));
            }
        });
        JsonNode apps = root.get("apps");
        if (apps == null || !apps.isArray() || apps.isEmpty()) {
            problems.add("'apps' must be a non-empty list of apps");
            throw new ConfigException(source, problems);
        }
        List<AppSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        boolean profileSeen = profile == null;
        for (int i = 0; i < apps.size(); i++) {
            JsonNode app = apps.get(i);
            if (!app.isObject()) {
                problems.add("apps[" + i + "]: expected a map of fields, got " + describe(app));
                continue;
            }
            profileSeen |= app.has("env_" + profile);
            ((ObjectNode) app).setAll((ObjectNode) JSON.valueToTree(overrides));
            AppSpec spec = build((ObjectNode) app, "apps[" + i + "]", abs.getParent(), profile, problems);
            if (spec != null) {
                if (!names.add(spec.name())) {
                    problems.add("apps[" + i + "]: name '" + spec.name() + "' is used twice; names must be unique");
                }
                specs.add(spec);
            }
        }
        if (!profileSeen) {
            problems.add("--env " + profile + ": no app defines env_" + profile);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return specs;
    }

    /**
     * An app from {@code shallot start app.jar} / {@code start com.example.Main} and its options, given
     * as ecosystem fields ({@code name}, {@code instances}, ...); relative paths against {@code base}.
     */
    public static AppSpec fromFields(Map<String, Object> fields, Path base, String profile) {
        ObjectNode node = JSON.valueToTree(fields);
        List<String> problems = new ArrayList<>();
        AppSpec spec = build(node, "app", base.toAbsolutePath().normalize(), profile, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("shallot start", problems);
        }
        return spec;
    }

    private static AppSpec build(ObjectNode node, String at, Path base, String profile, List<String> problems) {
        Fields f = new Fields(node, at, base, problems);
        String jar = f.path("jar", null);
        String main = f.string("main", null);
        if (jar == null && main == null) {
            problems.add(at + ": needs 'jar' (an executable jar) or 'main' (a main class)");
        } else if (jar != null && main != null) {
            problems.add(at + ": has both 'jar' and 'main'; give one");
        } else if (jar != null && !Files.isRegularFile(Path.of(jar))) {
            problems.add(at + ".jar: no such file " + jar);
        }
        String name = f.string("name", jar != null ? defaultName(Path.of(jar).getFileName().toString())
                : main != null ? main.substring(main.lastIndexOf('.') + 1) : "app");
        String where = at + " '" + name + "'";
        f.at = where;
        if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+") || name.matches("\\d+") || name.equals("all")) {
            problems.add(where + ".name: use letters, digits, '.', '_' and '-' (not only digits, not 'all'), got '" + name + "'");
        }
        List<String> classpath = f.paths("classpath");
        if (jar != null && !classpath.isEmpty()) {
            problems.add(where + ".classpath: only used with 'main'; a jar brings its own");
        }
        List<String> args = f.words("args");
        List<String> jvmArgs = f.words("jvm_args");
        ExecMode mode = f.execMode();
        int instances = f.instances();
        int port = f.integer("port", 0, 0, 65535);
        String host = f.string("host", "0.0.0.0");
        if (mode == ExecMode.CLUSTER && port == 0 && !node.has("port")) {
            problems.add(where + ": exec_mode cluster needs 'port' (the daemon listens on it and hands each"
                    + " connection to a worker; the app's server listens on the same port)");
        } else if (mode == ExecMode.CLUSTER && port == 0) {
            problems.add(where + ".port: cluster mode needs a fixed port (1-65535), got 0");
        }
        Map<String, String> env = f.env("env");
        if (profile != null && node.has("env_" + profile)) {
            env.putAll(f.env("env_" + profile));
        }
        String cwd = f.path("cwd", base.toString());
        if (!Files.isDirectory(Path.of(cwd))) {
            problems.add(where + ".cwd: no such directory " + cwd);
        }
        AppSpec.Watch watch = f.watch(cwd);
        AppSpec.Logs logs = new AppSpec.Logs(f.path("out_file", null), f.path("error_file", null),
                f.dateFormat(), f.bool("merge_logs", false), f.bytes("log_max_size", 10L * 1024 * 1024),
                f.integer("log_retain", 5, 0, 1000));
        AppSpec.Restart restart = new AppSpec.Restart(f.bool("autorestart", true),
                f.integer("max_restarts", 16, 0, Integer.MAX_VALUE), f.millis("min_uptime", 1000),
                f.millis("restart_delay", 0), f.millis("exp_backoff_restart_delay", 0), f.exitCodes());
        boolean clusterRestarts = mode == ExecMode.CLUSTER && restart.autorestart();
        int spares = f.integer("spares", clusterRestarts ? 1 : 0, 0, 16);
        if (spares > 0 && !clusterRestarts) {
            problems.add(where + ".spares: a spare is a cluster worker started ahead to take a dead worker's place;"
                    + (mode == ExecMode.CLUSTER ? " with autorestart: false nothing takes a place" : " fork-mode processes bind"
                    + " their own ports, so only exec_mode: cluster can have spares") + "; got " + spares);
            spares = 0;
        }
        long maxMemory = f.bytes("max_memory_restart", 0);
        long killTimeout = f.millis("kill_timeout", 1600);
        boolean waitReady = f.bool("wait_ready", false);
        long listenTimeout = f.millis("listen_timeout", 10_000);
        f.rejectUnknown();
        return new AppSpec(name, jar, main, classpath, args, jvmArgs, instances, spares, mode, host, port, env, cwd, watch,
                logs, restart, maxMemory, killTimeout, waitReady, listenTimeout);
    }

    private static String defaultName(String file) {
        String n = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
        return n.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.isContainerNode() ? (node.isArray() ? "a list" : "a map") : node.toString();
    }

    /** Reads fields off one app's node, remembering which were used and collecting problems. */
    private static final class Fields {
        private final ObjectNode node;
        private final Path base;
        private final List<String> problems;
        private final Set<String> used = new LinkedHashSet<>();
        String at;

        Fields(ObjectNode node, String at, Path base, List<String> problems) {
            this.node = node;
            this.at = at;
            this.base = base;
            this.problems = problems;
        }

        private JsonNode get(String key) {
            used.add(key);
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        private void bad(String key, String expected, JsonNode got) {
            problems.add(at + "." + key + ": expected " + expected + ", got " + describe(got));
        }

        String string(String key, String dflt) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            if (!v.isValueNode()) {
                bad(key, "a string", v);
                return dflt;
            }
            return v.asText();
        }

        String path(String key, String dflt) {
            String s = string(key, null);
            return s == null ? dflt : resolve(s);
        }

        private String resolve(String s) {
            String expanded = s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s;
            return base.resolve(expanded).normalize().toString();
        }

        List<String> words(String key) {
            JsonNode v = get(key);
            List<String> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (v.isValueNode()) {
                for (String w : v.asText().trim().split("\\s+")) {
                    if (!w.isEmpty()) {
                        out.add(w);
                    }
                }
            } else if (v.isArray()) {
                v.forEach(item -> {
                    if (item.isValueNode() && !item.isNull()) {
                        out.add(item.asText());
                    } else {
                        bad(key, "a list of strings", item);
                    }
                });
            } else {
                bad(key, "a string or a list of strings", v);
            }
            return out;
        }

        List<String> paths(String key) {
            return words(key).stream().flatMap(w -> Arrays.stream(w.split(":"))).filter(p -> !p.isEmpty())
                    .map(this::resolve).toList();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                return Boolean.parseBoolean(v.asText());
            }
            bad(key, "true or false", v);
            return dflt;
        }

        int integer(String key, int dflt, int min, int max) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            try {
                long n = v.isIntegralNumber() ? v.longValue() : Long.parseLong(v.asText().trim());
                if (!v.isValueNode() || n < min || n > max) {
                    throw new NumberFormatException();
                }
                return (int) n;
            } catch (NumberFormatException e) {
                bad(key, "a whole number from " + min + " to " + (max == Integer.MAX_VALUE ? "any" : max), v);
                return dflt;
            }
        }

        long millis(String key, long dflt) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            try {
                if (v.isNumber() && v.asDouble() >= 0) {
                    return v.asLong();
                }
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("expected a duration such as 1500, \"500ms\", \"2s\" or \"1m\"");
                }
                return Units.millis(v.asText());
            } catch (IllegalArgumentException e) {
                problems.add(at + "." + key + ": " + e.getMessage().replaceFirst(", got .*", "") + ", got " + describe(v));
                return dflt;
            }
        }

        long bytes(String key, long dflt) {
            JsonNode v = get(key);
            if (v == null) {
                return dflt;
            }
            try {
                if (v.isNumber() && v.asLong() >= 0) {
                    return v.asLong();
                }
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("expected a size such as 524288000, \"500K\", \"200M\" or \"1G\"");
                }
                return Units.bytes(v.asText());
            } catch (IllegalArgumentException e) {
                problems.add(at + "." + key + ": " + e.getMessage().replaceFirst(", got .*", "") + ", got " + describe(v));
                return dflt;
            }
        }

        ExecMode execMode() {
            String s = string("exec_mode", "fork");
            return switch (s) {
                case "fork", "fork_mode" -> ExecMode.FORK;
                case "cluster", "cluster_mode" -> ExecMode.CLUSTER;
                default -> {
                    problems.add(at + ".exec_mode: expected fork or cluster, got \"" + s + "\"");
                    yield ExecMode.FORK;
                }
            };
        }

        int instances() {
            JsonNode v = get("instances");
            int cores = Runtime.getRuntime().availableProcessors();
            if (v == null) {
                return 1;
            }
            String s = v.asText().trim();
            if (v.isValueNode() && s.equals("max")) {
                return cores;
            }
            try {
                int n = v.isIntegralNumber() ? v.intValue() : Integer.parseInt(s);
                if (!v.isValueNode()) {
                    throw new NumberFormatException();
                }
                return n > 0 ? n : Math.max(1, cores + n);
            } catch (NumberFormatException e) {
                bad("instances", "a number of processes, \"max\" (one per core, " + cores + " here), 0 (= max)"
                        + " or -N (max minus N)", v);
                return 1;
            }
        }

        Map<String, String> env(String key) {
            JsonNode v = get(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (v == null) {
                return out;
            }
            if (!v.isObject()) {
                bad(key, "a map of NAME: value", v);
                return out;
            }
            v.properties().forEach(e -> {
                JsonNode value = e.getValue();
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.add(at + "." + key + "." + e.getKey() + ": not a valid environment variable name");
                } else if (value == null || value.isNull() || !value.isValueNode()) {
                    problems.add(at + "." + key + "." + e.getKey() + ": expected a string, number or boolean, got " + describe(value));
                } else {
                    out.put(e.getKey(), value.asText());
                }
            });
            return out;
        }

        AppSpec.Watch watch(String cwd) {
            JsonNode v = get("watch");
            List<String> ignore = words("ignore_watch");
            long delay = millis("watch_delay", 1000);
            if (v == null || (v.isBoolean() && !v.booleanValue())) {
                if (!ignore.isEmpty() && v == null) {
                    problems.add(at + ".ignore_watch: set watch: true (or a list of paths) to use it");
                }
                return new AppSpec.Watch(false, List.of(), ignore, delay);
            }
            if (v.isBoolean()) {
                return new AppSpec.Watch(true, List.of(cwd), ignore, delay);
            }
            if (v.isTextual() || v.isArray()) {
                List<String> paths = new ArrayList<>();
                for (JsonNode p : v.isArray() ? v : JsonNodeFactory.instance.arrayNode().add(v)) {
                    if (!p.isTextual()) {
                        bad("watch", "true, false, a path or a list of paths", p);
                    } else {
                        paths.add(Path.of(cwd).resolve(p.asText()).normalize().toString());
                    }
                }
                return new AppSpec.Watch(true, paths, ignore, delay);
            }
            bad("watch", "true, false, a path or a list of paths", v);
            return AppSpec.Watch.off();
        }

        String dateFormat() {
            String s = string("log_date_format", null);
            if (s == null || s.isEmpty()) {
                return null;
            }
            try {
                DateFormats.parse(s).format(ZonedDateTime.now());
                return s;
            } catch (RuntimeException e) {
                problems.add(at + ".log_date_format: not a date pattern (PM2/moment tokens such as"
                        + " \"YYYY-MM-DD HH:mm:ss.SSS Z\" or java.time patterns): " + e.getMessage());
                return null;
            }
        }

        Set<Integer> exitCodes() {
            JsonNode v = get("stop_exit_codes");
            Set<Integer> out = new LinkedHashSet<>();
            if (v == null) {
                return out;
            }
            for (JsonNode n : v.isArray() ? v : JsonNodeFactory.instance.arrayNode().add(v)) {
                if (n.isIntegralNumber() && n.intValue() >= 0 && n.intValue() <= 255) {
                    out.add(n.intValue());
                } else {
                    bad("stop_exit_codes", "an exit code (0-255) or a list of them", n);
                }
            }
            return out;
        }

        void rejectUnknown() {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (used.contains(key) || key.startsWith("env_") && key.length() > 4) {
                    if (key.startsWith("env_") && !used.contains(key)) {
                        env(key);
                    }
                    continue;
                }
                String hint = PM2_HINTS.get(key);
                String suggestion = hint != null ? " (" + hint + ")" : closest(key).map(c -> " (did you mean '" + c + "'?)").orElse("");
                problems.add(at + ": unknown field '" + key + "'" + suggestion + "; allowed: " + String.join(", ", FIELDS));
            }
        }
    }

    static Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String field : FIELDS) {
            int d = distance(key.toLowerCase(Locale.ROOT), field);
            if (d < bestDistance) {
                bestDistance = d;
                best = field;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
