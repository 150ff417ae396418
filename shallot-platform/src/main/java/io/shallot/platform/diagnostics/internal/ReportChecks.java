package io.shallot.platform.diagnostics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.platform.diagnostics.DiagnosticsSettings;
import io.shallot.platform.diagnostics.Report;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Checks a {@link Report} field by field, so the 400 names the metric or event that is wrong. */
public final class ReportChecks {
    public static final int MAX_DATA_BYTES = 2048;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportChecks() {
    }

    public static void check(Report report, DiagnosticsSettings settings) {
        if (report == null) {
            throw Checks.bad("the report is required");
        }
        Checks.id("deviceId", report.deviceId());
        Checks.optionalId("userId", report.userId());
        Checks.appVersion("appVersion", report.appVersion());
        Checks.platform("platform", report.platform());
        if (report.device() != null) {
            Checks.text("device.model", report.device().model(), 64, true);
            Checks.text("device.os", report.device().os(), 64, true);
            Checks.text("device.osVersion", report.device().osVersion(), 64, true);
        }
        checkMetrics(report.metrics(), settings.maxMetrics());
        checkEvents(report.events(), settings.maxEvents());
    }

    private static void checkMetrics(Map<String, Double> metrics, int max) {
        if (metrics.size() > max) {
            throw Checks.bad("metrics may have at most " + max + " entries, got " + metrics.size());
        }
        metrics.forEach((name, value) -> {
            Checks.metric("every metrics name", name);
            if (value == null || !Double.isFinite(value) || value < 0) {
                throw Checks.bad("metrics." + name + " must be a finite number >= 0");
            }
        });
    }

    private static void checkEvents(List<Report.Event> events, int max) {
        if (events.size() > max) {
            throw Checks.bad("events may have at most " + max + " entries, got " + events.size());
        }
        for (int i = 0; i < events.size(); i++) {
            Report.Event event = events.get(i);
            String field = "events[" + i + "]";
            if (event == null) {
                throw Checks.bad(field + " must be an object");
            }
            Checks.eventName(field + ".name", event.name());
            if (event.at() == null) {
                throw Checks.bad(field + ".at is required, as an ISO-8601 instant");
            }
            if (event.data() != null && (!event.data().isObject() || serializedBytes(event) > MAX_DATA_BYTES)) {
                throw Checks.bad(field + ".data must be a JSON object of at most " + MAX_DATA_BYTES + " bytes");
            }
        }
    }

    /** The JSON text of an event's data, as it is stored. */
    public static String serialize(Report.Event event) {
        try {
            return MAPPER.writeValueAsString(event.data());
        } catch (JsonProcessingException e) {
            throw Checks.bad("event data cannot be serialized");
        }
    }

    private static int serializedBytes(Report.Event event) {
        return serialize(event).getBytes(StandardCharsets.UTF_8).length;
    }
}
