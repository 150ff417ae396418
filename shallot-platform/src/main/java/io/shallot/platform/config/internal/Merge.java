package io.shallot.platform.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Deep merge of rule values, as JSON Merge Patch (RFC 7396) applies a patch: objects merge key by
 * key, recursively; any other value (array, string, number, boolean) replaces; a JSON {@code null}
 * removes the key. The target is changed in place; the patch is never shared into it.
 */
public final class Merge {
    private Merge() {
    }

    public static ObjectNode apply(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = target.get(key);
                ObjectNode base = existing != null && existing.isObject() ? (ObjectNode) existing : JsonNodeFactory.instance.objectNode();
                target.set(key, apply(base, value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        return target;
    }
}
