package io.shallot.gateway.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.web.HttpException;
import io.shallot.web.body.RequestBody;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the admin API's JSON bodies strictly: an object, only known fields, each of the expected
 * type. Every violation is a 400 envelope with ret {@value #INVALID_INPUT} and a message naming the
 * field, and nothing is written.
 */
public final class AdminInput {
    public static final int INVALID_INPUT = 40000;

    private final ObjectNode body;

    private AdminInput(ObjectNode body) {
        this.body = body;
    }

    /** {@code body} as an object with no fields but {@code allowed}; an empty body is {@code {}}. */
    public static AdminInput of(RequestBody body, Set<String> allowed) {
        ObjectNode object;
        if (body.isEmpty()) {
            object = JsonNodeFactory.instance.objectNode();
        } else {
            JsonNode json;
            try {
                json = body.json();
            } catch (HttpException e) {
                throw invalid(e.getMessage());
            }
            if (!(json instanceof ObjectNode node)) {
                throw invalid("the body must be a JSON object");
            }
            object = node;
        }
        for (String field : (Iterable<String>) object::fieldNames) {
            if (allowed.isEmpty()) {
                throw invalid("unknown field '" + field + "': this call takes no fields");
            }
            if (!allowed.contains(field)) {
                throw invalid("unknown field '" + field + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return new AdminInput(object);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public boolean isEmpty() {
        return body.isEmpty();
    }

    /** A string field, or null when absent; JSON null is refused (use {@link #has} for clearing). */
    public String text(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string, got " + describe(value));
        }
        return value.textValue();
    }

    /** An integer field, or null when absent or JSON null. */
    public Integer integer(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field + " must be an integer, got " + describe(value));
        }
        return value.intValue();
    }

    /** A long field, or null when absent. */
    public Long whole(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field + " must be an integer, got " + describe(value));
        }
        return value.longValue();
    }

    /** A boolean field, or null when absent. */
    public Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    /** An array of strings, or null when absent. */
    public Set<String> texts(String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(field + " must be an array of strings, got " + describe(value));
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid(field + " must be an array of strings, got an element " + describe(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    public static HttpException invalid(String message) {
        return new HttpException(400, INVALID_INPUT, message, Map.of(), null);
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        return value.isNumber() ? "the number " + value.asText() : value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
