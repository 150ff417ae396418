package io.shallot.mvc.config.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Which source (a file, an environment variable) last set each key path of the merged tree.
 * Paths are dotted ({@code mongodb.uri}), list elements are {@code hosts[2]}; a lookup falls back to
 * the nearest ancestor, because lists and scalars are recorded as a whole.
 */
public final class Origins {
    private final Map<String, String> byPath = new HashMap<>();

    /** An independent copy, for work that must not change a shared instance. */
    public Origins copy() {
        Origins copy = new Origins();
        copy.byPath.putAll(byPath);
        return copy;
    }

    public void record(String path, String source) {
        byPath.put(path, source);
    }

    /** Forgets {@code path} and everything below it (a section replaced by null). */
    public void forget(String path) {
        byPath.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + ".") || p.startsWith(path + "["));
    }

    /** The source of {@code path} or of its nearest recorded ancestor; null when none. */
    public String of(String path) {
        String p = path;
        while (!p.isEmpty()) {
            String source = byPath.get(p);
            if (source != null) {
                return source;
            }
            p = parent(p);
        }
        return null;
    }

    /** Whether {@code path} itself was last set by an environment variable. */
    public boolean fromEnvironment(String path) {
        String source = byPath.get(path);
        return source != null && source.startsWith(EnvOverlay.SOURCE_PREFIX);
    }

    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
