package io.shallot.cluster.config;

import io.shallot.cluster.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link AppSpec} as JSON values ({@link Json}): how it travels from the CLI to the daemon, how
 * {@code shallot save} keeps it in {@code dump.json} and how {@code describe --json} shows it. The
 * members are the record's components by name, as Jackson wrote them before, so older dumps still
 * resurrect. Reading checks every member and names the one that is wrong.
 */
public final class AppSpecJson {
    private AppSpecJson() {
    }

    public static Map<String, Object> write(AppSpec s) {
        return Json.fields("name", s.name(), "jar", s.jar(), "main", s.main(), "classpath", s.classpath(), "args", s.args(),
                "jvmArgs", s.jvmArgs(), "instances", s.instances(), "spares", s.spares(), "mode", s.mode().name(),
                "host", s.host(), "port", s.port(), "env", s.env(), "cwd", s.cwd(),
                "watch", Json.fields("enabled", s.watch().enabled(), "paths", s.watch().paths(), "ignore", s.watch().ignore(),
                        "delayMs", s.watch().delayMs()),
                "logs", Json.fields("outFile", s.logs().outFile(), "errorFile", s.logs().errorFile(),
                        "dateFormat", s.logs().dateFormat(), "merge", s.logs().merge(),
                        "maxSizeBytes", s.logs().maxSizeBytes(), "retain", s.logs().retain()),
                "restart", Json.fields("autorestart", s.restart().autorestart(), "maxRestarts", s.restart().maxRestarts(),
                        "minUptimeMs", s.restart().minUptimeMs(), "restartDelayMs", s.restart().restartDelayMs(),
                        "expBackoffRestartDelayMs", s.restart().expBackoffRestartDelayMs(),
                        "stopExitCodes", s.restart().stopExitCodes()),
                "maxMemoryBytes", s.maxMemoryBytes(), "killTimeoutMs", s.killTimeoutMs(), "waitReady", s.waitReady(),
                "listenTimeoutMs", s.listenTimeoutMs());
    }

    public static List<Map<String, Object>> writeAll(List<AppSpec> specs) {
        return specs.stream().map(AppSpecJson::write).toList();
    }

    /** The specs of a JSON array; IOException naming the first member that is missing or of the wrong type. */
    public static List<AppSpec> readAll(Object json) throws IOException {
        if (!(json instanceof List<?> list)) {
            throw new IOException("expected an array of apps, got " + Json.kind(json));
        }
        List<AppSpec> specs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            specs.add(read(new Members(list.get(i), "apps[" + i + "]")));
        }
        return specs;
    }

    private static AppSpec read(Members m) throws IOException {
        Members watch = m.object("watch");
        Members logs = m.object("logs");
        Members restart = m.object("restart");
        ExecMode mode;
        String modeName = m.string("mode");
        try {
            mode = ExecMode.valueOf(String.valueOf(modeName));
        } catch (IllegalArgumentException e) {
            throw new IOException(m.at + ".mode: expected FORK or CLUSTER, got " + modeName);
        }
        try {
            return new AppSpec(m.string("name"), m.string("jar"), m.string("main"), m.strings("classpath"), m.strings("args"),
                    m.strings("jvmArgs"), m.integer("instances"), m.integer("spares"), mode, m.string("host"),
                    m.integer("port"), m.env("env"), m.string("cwd"),
                    new AppSpec.Watch(watch.bool("enabled"), watch.strings("paths"), watch.strings("ignore"), watch.number("delayMs")),
                    new AppSpec.Logs(logs.string("outFile"), logs.string("errorFile"), logs.string("dateFormat"),
                            logs.bool("merge"), logs.number("maxSizeBytes"), logs.integer("retain")),
                    new AppSpec.Restart(restart.bool("autorestart"), restart.integer("maxRestarts"), restart.number("minUptimeMs"),
                            restart.number("restartDelayMs"), restart.number("expBackoffRestartDelayMs"),
                            restart.integers("stopExitCodes")),
                    m.number("maxMemoryBytes"), m.number("killTimeoutMs"), m.bool("waitReady"), m.number("listenTimeoutMs"));
        } catch (IllegalArgumentException e) {
            throw new IOException(m.at + ": " + e.getMessage(), e);
        }
    }

    /** The members of one JSON object, read with the path to it ({@code apps[0].restart}) for the errors. */
    private static final class Members {
        final Map<?, ?> map;
        final String at;

        Members(Object value, String at) throws IOException {
            if (!(value instanceof Map<?, ?> m)) {
                throw new IOException(at + ": expected an object, got " + Json.kind(value));
            }
            this.map = m;
            this.at = at;
        }

        private Object get(String key, Class<?> type, String expected, boolean nullable) throws IOException {
            Object v = map.get(key);
            if (v == null && !map.containsKey(key)) {
                throw new IOException(at + "." + key + ": missing");
            }
            if (v == null ? !nullable : !type.isInstance(v)) {
                throw new IOException(at + "." + key + ": expected " + expected + ", got " + Json.kind(v));
            }
            return v;
        }

        Members object(String key) throws IOException {
            return new Members(get(key, Map.class, "an object", false), at + "." + key);
        }

        String string(String key) throws IOException {
            return (String) get(key, String.class, "a string", true);
        }

        boolean bool(String key) throws IOException {
            return (Boolean) get(key, Boolean.class, "true or false", false);
        }

        long number(String key) throws IOException {
            return (Long) get(key, Long.class, "a whole number", false);
        }

        int integer(String key) throws IOException {
            long v = number(key);
            if (v != (int) v) {
                throw new IOException(at + "." + key + ": " + v + " is out of range");
            }
            return (int) v;
        }

        List<String> strings(String key) throws IOException {
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) get(key, List.class, "an array of strings", false)) {
                if (!(o instanceof String s)) {
                    throw new IOException(at + "." + key + ": expected an array of strings, found " + Json.kind(o));
                }
                out.add(s);
            }
            return out;
        }

        Set<Integer> integers(String key) throws IOException {
            Set<Integer> out = new LinkedHashSet<>();
            for (Object o : (List<?>) get(key, List.class, "an array of whole numbers", false)) {
                if (!(o instanceof Long n) || n != n.intValue()) {
                    throw new IOException(at + "." + key + ": expected an array of whole numbers, found " + o);
                }
                out.add(n.intValue());
            }
            return out;
        }

        Map<String, String> env(String key) throws IOException {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) get(key, Map.class, "an object of strings", false)).entrySet()) {
                if (!(e.getValue() instanceof String s)) {
                    throw new IOException(at + "." + key + "." + e.getKey() + ": expected a string, got " + Json.kind(e.getValue()));
                }
                out.put((String) e.getKey(), s);
            }
            return out;
        }
    }
}
