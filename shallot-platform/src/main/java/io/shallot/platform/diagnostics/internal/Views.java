package io.shallot.platform.diagnostics.internal;

import io.shallot.platform.diagnostics.LogFile;
import io.shallot.platform.diagnostics.MetricSummary;
import io.shallot.platform.diagnostics.Pull;
import io.shallot.platform.diagnostics.Report;
import io.shallot.platform.diagnostics.StoredReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API's answers. */
public final class Views {
    private Views() {
    }

    public static Map<String, Object> created(Pull pull) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pull.id());
        view.put("status", status(pull));
        view.put("expiresAt", text(pull.expiresAt()));
        return view;
    }

    /** What an app needs to answer a pull. */
    public static Map<String, Object> pending(Pull pull) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pull.id());
        view.put("from", text(pull.from()));
        view.put("to", text(pull.to()));
        return view;
    }

    public static Map<String, Object> pull(Pull pull) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("deviceId", pull.deviceId());
        target.put("userId", pull.userId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pull.id());
        view.put("target", target);
        view.put("from", text(pull.from()));
        view.put("to", text(pull.to()));
        view.put("reason", pull.reason());
        view.put("status", status(pull));
        view.put("createdAt", text(pull.createdAt()));
        view.put("expiresAt", text(pull.expiresAt()));
        view.put("log", pull.log() == null ? null : log(pull.log()));
        return view;
    }

    public static Map<String, Object> uploaded(String id, LogFile log) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("status", "uploaded");
        view.put("size", log.size());
        view.put("sha256", log.sha256());
        return view;
    }

    public static Map<String, Object> report(StoredReport stored) {
        Report report = stored.report();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", stored.id());
        view.put("receivedAt", text(stored.receivedAt()));
        view.put("deviceId", report.deviceId());
        view.put("userId", report.userId());
        view.put("appVersion", report.appVersion());
        view.put("platform", report.platform());
        view.put("device", report.device());
        view.put("metrics", report.metrics());
        view.put("events", report.events().stream().map(event -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", event.name());
            e.put("at", text(event.at()));
            e.put("data", event.data());
            return e;
        }).toList());
        return view;
    }

    public static Map<String, Object> metric(MetricSummary summary) {
        Map<String, Object> versions = new LinkedHashMap<>();
        summary.byAppVersion().forEach((version, stats) -> versions.put(version, stats));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("metric", summary.metric());
        view.put("count", summary.count());
        view.put("min", summary.min());
        view.put("p50", summary.p50());
        view.put("p90", summary.p90());
        view.put("p99", summary.p99());
        view.put("max", summary.max());
        view.put("byAppVersion", versions);
        return view;
    }

    public static Map<String, Object> items(List<?> items) {
        return Map.of("items", items);
    }

    private static Map<String, Object> log(LogFile log) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("size", log.size());
        view.put("sha256", log.sha256());
        view.put("contentType", log.contentType());
        view.put("contentEncoding", log.contentEncoding());
        view.put("uploadedAt", text(log.uploadedAt()));
        return view;
    }

    private static String status(Pull pull) {
        return pull.status().name().toLowerCase(Locale.ROOT);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
