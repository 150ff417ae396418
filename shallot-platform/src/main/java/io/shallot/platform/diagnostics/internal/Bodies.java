package io.shallot.platform.diagnostics.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.platform.diagnostics.PullRequest;
import io.shallot.platform.diagnostics.Report;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON request bodies to records: only the types are checked here (a string where a string
 * belongs, nothing unknown), the values by the records and {@link ReportChecks}. Each mistake is
 * a 400 naming the field.
 */
public final class Bodies {
    /** A JSON body larger than this is refused with 413, whatever the server's own limit. */
    public static final int MAX_JSON_BYTES = 512 * 1024;
    private static final Set<String> PULL_FIELDS = Set.of("target", "from", "to", "reason");
    private static final Set<String> TARGET_FIELDS = Set.of("deviceId", "userId");
    private static final Set<String> REPORT_FIELDS = Set.of("deviceId", "userId", "appVersion", "platform", "device",
            "metrics", "events");
    private static final Set<String> DEVICE_FIELDS = Set.of("model", "os", "osVersion");
    private static final Set<String> EVENT_FIELDS = Set.of("name", "at", "data");

    private Bodies() {
    }

    /** The body as a JSON object, at most {@link #MAX_JSON_BYTES}; works whether bodies are streamed or not. */
    public static Promise<JsonNode> object(Context ctx) {
        String length = ctx.header("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_JSON_BYTES) {
            throw tooLarge();
        }
        return ctx.readBody().then(body -> {
            if (body.length() > MAX_JSON_BYTES) {
                throw tooLarge();
            }
            return Inputs.object(body);
        });
    }

    public static PullRequest pullRequest(JsonNode json) {
        onlyKnown(json, "the body", PULL_FIELDS);
        JsonNode target = json.get("target");
        if (target == null || !target.isObject()) {
            throw Checks.bad("target is required, as an object with deviceId and/or userId");
        }
        onlyKnown(target, "target", TARGET_FIELDS);
        return new PullRequest(string(target, "deviceId", "target.deviceId"), string(target, "userId", "target.userId"),
                Checks.instant("from", required(json, "from", "from")), Checks.instant("to", required(json, "to", "to")),
                required(json, "reason", "reason"));
    }

    public static Report report(JsonNode json) {
        onlyKnown(json, "the body", REPORT_FIELDS);
        return new Report(required(json, "deviceId", "deviceId"), string(json, "userId", "userId"),
                required(json, "appVersion", "appVersion"), required(json, "platform", "platform"), device(json.get("device")),
                metrics(json.get("metrics")), events(json.get("events")));
    }

    private static Report.Device device(JsonNode device) {
        if (device == null || device.isNull()) {
            return null;
        }
        if (!device.isObject()) {
            throw Checks.bad("device must be an object");
        }
        onlyKnown(device, "device", DEVICE_FIELDS);
        return new Report.Device(string(device, "model", "device.model"), string(device, "os", "device.os"),
                string(device, "osVersion", "device.osVersion"));
    }

    private static Map<String, Double> metrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            throw Checks.bad("metrics is required, as an object of name: number");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> metric : metrics.properties()) {
            Checks.metric("every metrics name", metric.getKey());
            if (!metric.getValue().isNumber()) {
                throw Checks.bad("metrics." + metric.getKey() + " must be a finite number >= 0");
            }
            values.put(metric.getKey(), metric.getValue().doubleValue());
        }
        return values;
    }

    private static List<Report.Event> events(JsonNode events) {
        if (events == null || events.isNull()) {
            return List.of();
        }
        if (!events.isArray()) {
            throw Checks.bad("events must be an array");
        }
        List<Report.Event> list = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            String field = "events[" + i + "]";
            JsonNode event = events.get(i);
            if (!event.isObject()) {
                throw Checks.bad(field + " must be an object");
            }
            onlyKnown(event, field, EVENT_FIELDS);
            JsonNode data = event.get("data");
            list.add(new Report.Event(required(event, "name", field + ".name"),
                    Checks.instant(field + ".at", required(event, "at", field + ".at")),
                    data == null || data.isNull() ? null : data));
        }
        return list;
    }

    private static void onlyKnown(JsonNode object, String where, Set<String> fields) {
        for (String field : (Iterable<String>) object::fieldNames) {
            if (!fields.contains(field)) {
                throw Checks.bad(where + " has an unknown field; it may have " + String.join(", ", fields.stream().sorted().toList()));
            }
        }
    }

    private static String required(JsonNode object, String name, String field) {
        String value = string(object, name, field);
        if (value == null) {
            throw Checks.bad(field + " is required, as a string");
        }
        return value;
    }

    private static String string(JsonNode object, String name, String field) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Checks.bad(field + " must be a string");
        }
        return value.textValue();
    }

    private static HttpException tooLarge() {
        return new HttpException(413, "the body is larger than " + MAX_JSON_BYTES + " bytes");
    }
}
