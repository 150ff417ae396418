package io.shallot.mvc.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.mvc.config.ConfigException;
import java.util.Map;

/**
 * Egg's deep merge: sections (maps) merge key by key, everything else (scalars, lists) replaces,
 * and an explicit null removes a default. A section that a later source turns into a scalar, or
 * the other way round, is reported instead of silently dropping the other side.
 */
public final class Overlay {
    private Overlay() {
    }

    /** Records every key of a base tree (the first source) as set by {@code source}. */
    public static void recordAll(ObjectNode tree, String source, String path, Origins origins) {
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            String child = Origins.child(path, e.getKey());
            origins.record(child, source);
            if (e.getValue() instanceof ObjectNode section) {
                recordAll(section, source, child, origins);
            }
        }
    }

    /** Merges {@code overlay} (from {@code source}) into {@code target} at {@code path}. */
    public static void merge(ObjectNode target, ObjectNode overlay, String source, String path, Origins origins) {
        for (Map.Entry<String, JsonNode> e : overlay.properties()) {
            String key = e.getKey();
            String child = Origins.child(path, key);
            JsonNode mine = target.get(key);
            JsonNode theirs = e.getValue();
            if (mine instanceof ObjectNode mySection && theirs instanceof ObjectNode theirSection) {
                merge(mySection, theirSection, source, child, origins);
                continue;
            }
            if (mine != null && !mine.isNull() && !theirs.isNull() && mine.isObject() != theirs.isObject()) {
                throw new ConfigException(source, child, source + ": " + child + " is "
                        + (theirs.isObject() ? "a section" : "a value") + " here but "
                        + (mine.isObject() ? "a section" : "a value") + " in " + origins.of(child));
            }
            origins.forget(child);
            target.set(key, theirs.deepCopy());
            origins.record(child, source);
            if (theirs instanceof ObjectNode section) {
                recordAll(section, source, child, origins);
            }
        }
    }
}
