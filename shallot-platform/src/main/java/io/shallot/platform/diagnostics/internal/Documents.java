package io.shallot.platform.diagnostics.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.platform.diagnostics.LogFile;
import io.shallot.platform.diagnostics.Pull;
import io.shallot.platform.diagnostics.PullStatus;
import io.shallot.platform.diagnostics.Report;
import io.shallot.platform.diagnostics.StoredReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * The stored shapes. A pull keeps {@code deviceId} and {@code userId} even when null, so "no
 * device" is matched by equality with null. Metrics are an array of {@code {name, value}}, since a
 * metric name may hold dots that MongoDB would read as a path; an event's data is kept as JSON
 * text, so none of its keys is ever taken for an operator or a path.
 */
public final class Documents {
    public static final String PENDING = "pending";
    public static final String UPLOADING = "uploading";
    public static final String UPLOADED = "uploaded";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Documents() {
    }

    public static Document pull(Pull pull) {
        return new Document("_id", pull.id())
                .append("deviceId", pull.deviceId())
                .append("userId", pull.userId())
                .append("from", Date.from(pull.from()))
                .append("to", Date.from(pull.to()))
                .append("reason", pull.reason())
                .append("status", PENDING)
                .append("createdAt", Date.from(pull.createdAt()))
                .append("expiresAt", Date.from(pull.expiresAt()));
    }

    /** The pull in {@code doc}, its status as of {@code now}. */
    public static Pull pull(Document doc, Instant now) {
        Instant expiresAt = instant(doc, "expiresAt");
        String stored = doc.getString("status");
        PullStatus status = UPLOADED.equals(stored) ? PullStatus.UPLOADED
                : !now.isBefore(expiresAt) ? PullStatus.EXPIRED
                : PullStatus.valueOf(stored.toUpperCase(Locale.ROOT));
        LogFile log = status == PullStatus.UPLOADED
                ? new LogFile(doc.get("size", Number.class).longValue(), doc.getString("sha256"), doc.getString("contentType"),
                        doc.getString("contentEncoding"), instant(doc, "uploadedAt"))
                : null;
        return new Pull(doc.getString("_id"), doc.getString("deviceId"), doc.getString("userId"), instant(doc, "from"),
                instant(doc, "to"), doc.getString("reason"), status, instant(doc, "createdAt"), expiresAt, log);
    }

    public static Document report(String id, Report report, Instant at) {
        List<Document> metrics = new ArrayList<>();
        report.metrics().forEach((name, value) -> metrics.add(new Document("name", name).append("value", value + 0.0)));
        List<Document> events = new ArrayList<>();
        for (Report.Event event : report.events()) {
            events.add(new Document("name", event.name()).append("at", Date.from(event.at()))
                    .append("data", event.data() == null ? null : ReportChecks.serialize(event)));
        }
        Report.Device device = report.device();
        return new Document("_id", id)
                .append("deviceId", report.deviceId())
                .append("userId", report.userId())
                .append("appVersion", report.appVersion())
                .append("platform", report.platform())
                .append("device", device == null ? null
                        : new Document("model", device.model()).append("os", device.os()).append("osVersion", device.osVersion()))
                .append("metrics", metrics)
                .append("events", events)
                .append("at", Date.from(at));
    }

    /** One sample per metric of a report, the rows a metric's analysis reads. */
    public static List<Document> samples(String id, Report report, Instant at) {
        List<Document> samples = new ArrayList<>();
        report.metrics().forEach((name, value) -> samples.add(new Document("report", id)
                .append("metric", name)
                .append("value", value + 0.0)
                .append("platform", report.platform())
                .append("appVersion", report.appVersion())
                .append("at", Date.from(at))));
        return samples;
    }

    public static StoredReport report(Document doc) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Document metric : doc.getList("metrics", Document.class, List.of())) {
            metrics.put(metric.getString("name"), metric.get("value", Number.class).doubleValue());
        }
        List<Report.Event> events = new ArrayList<>();
        for (Document event : doc.getList("events", Document.class, List.of())) {
            events.add(new Report.Event(event.getString("name"), instant(event, "at"), json(event.getString("data"))));
        }
        Document device = doc.get("device", Document.class);
        Report report = new Report(doc.getString("deviceId"), doc.getString("userId"), doc.getString("appVersion"),
                doc.getString("platform"), device == null ? null
                        : new Report.Device(device.getString("model"), device.getString("os"), device.getString("osVersion")),
                metrics, events);
        return new StoredReport(doc.getString("_id"), instant(doc, "at"), report);
    }

    private static Instant instant(Document doc, String field) {
        Date date = doc.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event data is not JSON", e);
        }
    }
}
