package io.shallot.platform.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.platform.config.Rollout;
import io.shallot.platform.config.Version;
import io.shallot.web.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;

/**
 * The writable fields of a rule as an operator sends them:
 * {@code {"minVersion": "1.2", "maxVersion": "2", "devices": ["ios"], "regions": ["CN"],
 * "languages": ["zh-Hant"], "rollout": {"percent": 20}, "priority": 0, "enabled": true, "value": {...}}},
 * all but {@code value} optional (see {@link RolloutBody} for {@code rollout}). Every mistake is a
 * 400 naming the field; server-kept fields ({@code id}, {@code name}, {@code package},
 * {@code revision}, {@code updatedAt}) are refused, not ignored, so a client never believes it set them.
 */
public record RuleBody(Version minVersion, Version maxVersion, Set<String> devices, Set<String> regions,
                       Set<String> languages, Rollout rollout, int priority, boolean enabled, String valueJson) {
    public static final int MAX_LISTED = 64;
    public static final int MAX_VALUE_BYTES = 256 * 1024;
    private static final List<String> FIELDS = List.of("minVersion", "maxVersion", "devices", "regions", "languages",
            "rollout", "priority", "enabled", "value");
    private static final Set<String> SERVER_KEPT = Set.of("id", "name", "package", "revision", "updatedAt");

    /** The body of the rule {@code ruleId} (its rollout's default salt). */
    public static RuleBody parse(JsonNode body, String ruleId) {
        if (body == null || !body.isObject()) {
            throw new HttpException(400, "the body must be a JSON object");
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (SERVER_KEPT.contains(field)) {
                throw new HttpException(400, field + " is kept by the server and cannot be sent");
            }
            if (!FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field " + field + " (a rule has " + String.join(", ", FIELDS) + ")");
            }
        }
        Version min = version(body, "minVersion");
        Version max = version(body, "maxVersion");
        if (min != null && max != null && min.compareTo(max) >= 0) {
            throw new HttpException(400, "minVersion must be below maxVersion (minVersion is inclusive, maxVersion exclusive)");
        }
        return new RuleBody(min, max,
                list(body, "devices", Attributes::device),
                list(body, "regions", Attributes::region),
                list(body, "languages", Attributes::language),
                RolloutBody.parse(body.get("rollout"), ruleId),
                priority(body), enabled(body), value(body));
    }

    private static Version version(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new HttpException(400, field + " must be a string such as \"2.10.1\"");
        }
        return Version.parse(field, node.textValue());
    }

    private static Set<String> list(JsonNode body, String field, BinaryOperator<String> canonical) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray() || node.size() > MAX_LISTED) {
            throw new HttpException(400, field + " must be an array of at most " + MAX_LISTED + " strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String where = field + "[" + i + "]";
            if (!item.isTextual()) {
                throw new HttpException(400, where + " must be a string");
            }
            values.add(canonical.apply(where, item.textValue()));
        }
        return values;
    }

    private static int priority(JsonNode body) {
        JsonNode node = body.get("priority");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new HttpException(400, "priority must be an integer within +-2^31");
        }
        return node.intValue();
    }

    private static boolean enabled(JsonNode body) {
        JsonNode node = body.get("enabled");
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new HttpException(400, "enabled must be true or false");
        }
        return node.booleanValue();
    }

    private static String value(JsonNode body) {
        JsonNode node = body.get("value");
        if (node == null || !node.isObject()) {
            throw new HttpException(400, "value is required, as a JSON object");
        }
        String json = node.toString();
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new HttpException(400, "value must be at most " + MAX_VALUE_BYTES + " bytes of JSON");
        }
        return json;
    }
}
