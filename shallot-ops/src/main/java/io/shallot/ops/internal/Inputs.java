package io.shallot.ops.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.body.RequestBody;
import java.util.List;

/** Reading a request's query and JSON body, each mistake a 400 that names the field. */
public final class Inputs {
    private Inputs() {
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
}
