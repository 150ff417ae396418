package io.shallot.web.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import java.util.List;

/**
 * Reading a request's query and JSON body field by field, each mistake a 400 that names the field
 * and what it must be. Nothing is coerced: {@code "5"} is not the integer 5, and an array where a
 * string belongs is refused, not joined.
 */
public final class Inputs {
    private Inputs() {
    }

    /**
     * The query parameter {@code name}, or null when absent or empty; a 400 when given more than
     * once. Only that exact key is read: {@code name[$ne]=} is another key, never an operator.
     */
    public static String query(Context ctx, String name) {
        List<String> values = ctx.query().get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new HttpException(400, name + " must be given once");
        }
        return values.getFirst().isEmpty() ? null : values.getFirst();
    }

    /** The query parameter {@code name} as an integer in [min, max], or {@code fallback} when absent. */
    public static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        List<String> values = ctx.query().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        String value = values.getFirst();
        if (values.size() > 1 || !value.matches("-?\\d{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new HttpException(400, name + " must be one integer from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }

    /** The body as a JSON object. */
    public static JsonNode object(RequestBody body) {
        JsonNode json = body.json();
        if (!json.isObject()) {
            throw new HttpException(400, "the body must be a JSON object");
        }
        return json;
    }

    /** The string field {@code name} of {@code json}. */
    public static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || !value.isTextual()) {
            throw new HttpException(400, name + " is required, as a string");
        }
        return value.textValue();
    }

    /** The string field {@code name}, not blank and at most {@code maxChars} long. */
    public static String text(JsonNode json, String name, int maxChars) {
        return bounded(name, text(json, name), maxChars);
    }

    /** The string field {@code name} when present and not null, at most {@code maxChars} long; else null. */
    public static String optionalText(JsonNode json, String name, int maxChars) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HttpException(400, name + " must be a string");
        }
        return bounded(name, value.textValue(), maxChars);
    }

    private static String bounded(String name, String value, int maxChars) {
        if (value.isBlank() || value.length() > maxChars) {
            throw new HttpException(400, name + " must be 1 to " + maxChars + " characters");
        }
        return value;
    }
}
