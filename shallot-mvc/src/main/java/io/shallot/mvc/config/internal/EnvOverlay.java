package io.shallot.mvc.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.mvc.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Overlays {@code SHALLOT_<SECTION>_<KEY>} environment variables on the merged tree; the mapping
 * is documented on {@link io.shallot.mvc.config.Config}.
 */
public final class EnvOverlay {
    public static final String PREFIX = "SHALLOT_";
    static final String SOURCE_PREFIX = "env ";
    private static final Set<String> RESERVED = Set.of("SHALLOT_ENV");

    private EnvOverlay() {
    }

    public static void apply(ObjectNode tree, Map<String, String> environment, Origins origins) {
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (name.startsWith(PREFIX) && !RESERVED.contains(name) && e.getValue() != null) {
                set(tree, name, e.getValue(), origins);
            }
        }
    }

    /** {@code SHALLOT_MONGODB_DATA__DIR} → [mongodb, data_dir]: '_' separates, '__' is a literal '_'. */
    static List<String> segments(String name) {
        String rest = name.substring(PREFIX.length());
        List<String> out = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c != '_') {
                segment.append(Character.toLowerCase(c));
            } else if (i + 1 < rest.length() && rest.charAt(i + 1) == '_') {
                segment.append('_');
                i++;
            } else {
                out.add(segment.toString());
                segment.setLength(0);
            }
        }
        out.add(segment.toString());
        if (out.stream().anyMatch(String::isEmpty)) {
            String source = SOURCE_PREFIX + name;
            throw new ConfigException(source, null, source + ": cannot be mapped to a key: a key name is empty"
                    + " (use a single '_' between keys and '__' for a '_' inside a key, e.g. SHALLOT_GATEWAY_RATE__LIMIT)");
        }
        return out;
    }

    private static void set(ObjectNode tree, String name, String value, Origins origins) {
        String source = SOURCE_PREFIX + name;
        List<String> segments = segments(name);
        ObjectNode section = tree;
        String path = "";
        for (int i = 0; i < segments.size() - 1; i++) {
            String key = match(section, segments.get(i));
            path = Origins.child(path, key);
            JsonNode next = section.get(key);
            if (next == null || next.isNull()) {
                next = section.putObject(key);
                origins.record(path, source);
            } else if (!(next instanceof ObjectNode)) {
                throw new ConfigException(source, path, source + ": " + path + " is a value (set in "
                        + origins.of(path) + "), not a section, so it has no key '" + segments.get(i + 1) + "'");
            }
            section = (ObjectNode) next;
        }
        String key = match(section, segments.get(segments.size() - 1));
        path = Origins.child(path, key);
        JsonNode old = section.get(key);
        if (old instanceof ObjectNode) {
            throw new ConfigException(source, path, source + ": " + path + " is a section (set in " + origins.of(path)
                    + "); set one of its keys instead, e.g. " + name + "_<KEY>");
        }
        if (old instanceof ArrayNode) {
            ArrayNode list = section.putArray(key);
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.trim());
                }
            }
        } else {
            section.set(key, JsonNodeFactory.instance.textNode(value));
        }
        origins.record(path, source);
    }

    /** The existing key that equals {@code lower} ignoring case, so SHALLOT_MONGODB_DATADIR finds dataDir. */
    private static String match(ObjectNode section, String lower) {
        if (section.has(lower)) {
            return lower;
        }
        for (String key : Values.keys(section)) {
            if (key.equalsIgnoreCase(lower)) {
                return key;
            }
        }
        return lower;
    }
}
