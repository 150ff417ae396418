package io.shallot.platform.diagnostics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.FindOptions;
import io.shallot.mvc.data.Mongo;
import io.shallot.platform.diagnostics.internal.Checks;
import io.shallot.platform.diagnostics.internal.ChunkReader;
import io.shallot.platform.diagnostics.internal.Documents;
import io.shallot.platform.diagnostics.internal.Percentiles;
import io.shallot.platform.diagnostics.internal.RecordIds;
import io.shallot.platform.diagnostics.internal.ReportChecks;
import io.shallot.platform.diagnostics.internal.Store;
import io.shallot.platform.diagnostics.internal.Uploads;
import io.shallot.web.HttpException;
import io.shallot.web.client.BodyStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The client tools (系统工具) of the middle platform, on MongoDB: log pulls (日志捞取), debug reports
 * and the analysis of the performance metrics they carry.
 *
 * <p><b>Log pulls.</b> An operator asks for a device's or a user's logs of a time range
 * ({@link #requestPull}); the app asks for its pending pulls when it starts or is pushed
 * ({@link #pendingPulls}) and uploads the file ({@link #upload}); the operator downloads it
 * ({@link #openLog}). A file is stored as it was sent, in numbered 255 KiB chunks in
 * {@code diagnostic_log_chunks}, described by its pull in {@code diagnostic_pulls}; an upload is
 * read as a stream and written chunk by chunk, and claims its pull atomically first, so of two
 * concurrent uploads exactly one is stored and the other is refused. The first device to upload
 * answers a pull that targets a user.
 *
 * <p><b>Reports.</b> A report ({@link #report}) is stored whole in {@code diagnostic_reports}, and
 * each of its metrics as a row of {@code diagnostic_samples}, which {@link #metric} reads: the
 * newest {@link DiagnosticsSettings#sample()} matching rows, summarized with nearest-rank
 * percentiles (see {@link MetricSummary}). Time filters and retention use the time the service
 * received a report, by its {@link Clock}.
 *
 * <p><b>Retention.</b> {@link #purge()} deletes the reports older than
 * {@link DiagnosticsSettings#reportRetention()}, the pulls that expired without an upload, and the
 * uploaded logs older than that retention, with their chunks; run it periodically with
 * {@link #startPurging}. No TTL index is relied on.
 *
 * <p>Errors: the promises reject with an {@link HttpException} and nothing is written: a bad input
 * 400 naming the field; an unknown pull 404; a log too large 413; a pull already uploaded or being
 * uploaded 409; an expired pull 410. A failed database call rejects with {@code DataException}
 * (a 500). Values reach MongoDB only as strings, numbers and dates built here.
 *
 * <p>Thread-safe. The constructor blocks while it creates the indexes: call it at startup, not on
 * a loop. Call the other methods on a loop thread; their promises settle on that loop.
 */
public final class Diagnostics {
    /** The most pulls or reports one listing returns. */
    public static final int MAX_LIMIT = 100;
    private static final int PENDING_LIMIT = 20;
    private static final int PURGE_BATCH = 1000;

    private final Store store;
    private final Clock clock;
    private final DiagnosticsSettings settings;
    private final Uploads uploads;

    public Diagnostics(Mongo mongo, Clock clock, DiagnosticsSettings settings) {
        this.store = new Store(Objects.requireNonNull(mongo, "mongo"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.uploads = new Uploads(store, clock, settings.maxLogBytes());
        store.createIndexes();
    }

    public DiagnosticsSettings settings() {
        return settings;
    }

    /** Records a pull, pending until {@link DiagnosticsSettings#pullTtl()} from now. */
    public Promise<Pull> requestPull(PullRequest request) {
        return Promise.attempt(() -> {
            if (request == null) {
                throw Checks.bad("the pull request is required");
            }
            if (Duration.between(request.from(), request.to()).compareTo(settings.maxSpan()) > 0) {
                throw Checks.bad("to must be at most " + settings.maxSpan() + " after from");
            }
            Instant now = now();
            Pull pull = new Pull(RecordIds.next(), request.deviceId(), request.userId(), request.from(), request.to(),
                    request.reason(), PullStatus.PENDING, now, now.plus(settings.pullTtl()), null);
            return store.pulls.insertOne(Documents.pull(pull)).then(inserted -> pull);
        });
    }

    /**
     * The pending, unexpired pulls an app should answer, oldest first (at most 20): those whose
     * target matches it in every part the target names. Give the device, the signed-in user, or both.
     */
    public Promise<List<Pull>> pendingPulls(String deviceId, String userId) {
        return Promise.attempt(() -> {
            Checks.optionalId("deviceId", deviceId);
            Checks.optionalId("userId", userId);
            if (deviceId == null && userId == null) {
                throw Checks.bad("deviceId or userId is required");
            }
            Instant now = now();
            Bson filter = and(eq("status", Documents.PENDING), gt("expiresAt", Date.from(now)),
                    matching("deviceId", deviceId), matching("userId", userId));
            return store.pulls.find(filter, FindOptions.DEFAULT.withSort(Sorts.ascending("createdAt", "_id"))
                    .withLimit(PENDING_LIMIT)).then(docs -> toPulls(docs, now));
        });
    }

    /**
     * Stores {@code body} as the log of pull {@code pullId}, reading it as a stream.
     *
     * @param declaredLength  the Content-Length, or -1 when unknown; over the limit refuses at once
     * @param contentType     recorded and served back (null: application/octet-stream)
     * @param contentEncoding recorded and served back, not decoded (null: none)
     */
    public Promise<LogFile> upload(String pullId, BodyStream body, long declaredLength, String contentType,
            String contentEncoding) {
        return upload(pullId, body, declaredLength, contentType, contentEncoding, null);
    }

    /**
     * As {@link #upload(String, BodyStream, long, String, String)}, by {@code uploader}, the user the
     * gateway vouches for (null: none): a pull that targets another user is refused with 403.
     */
    public Promise<LogFile> upload(String pullId, BodyStream body, long declaredLength, String contentType,
            String contentEncoding, String uploader) {
        return Promise.attempt(() -> uploads.upload(pullId, Objects.requireNonNull(body, "body"), declaredLength,
                contentType, contentEncoding, uploader));
    }

    /** Pulls newest first, filtered by status (null: any) and target (null: any), at most {@code limit}. */
    public Promise<List<Pull>> pulls(PullStatus status, String deviceId, String userId, int limit) {
        return Promise.attempt(() -> {
            checkLimit(limit);
            Instant now = now();
            List<Bson> filters = new ArrayList<>();
            if (status != null) {
                filters.add(statusFilter(status, Date.from(now)));
            }
            if (deviceId != null) {
                filters.add(eq("deviceId", Checks.id("deviceId", deviceId)));
            }
            if (userId != null) {
                filters.add(eq("userId", Checks.id("userId", userId)));
            }
            return store.pulls.find(filters.isEmpty() ? null : and(filters),
                            FindOptions.DEFAULT.withSort(Sorts.descending("createdAt", "_id")).withLimit(limit))
                    .then(docs -> toPulls(docs, now));
        });
    }

    /** The uploaded log of pull {@code pullId} as a stream on the current loop; 404 when there is none yet. */
    public Promise<LogDownload> openLog(String pullId) {
        return Promise.attempt(() -> {
            Checks.recordId("id", pullId);
            return store.pulls.findOne(eq("_id", pullId)).then(found -> {
                if (found.isEmpty()) {
                    throw new HttpException(404, "no pull " + pullId);
                }
                Document doc = found.get();
                Pull pull = Documents.pull(doc, now());
                if (pull.log() == null) {
                    throw new HttpException(404, "pull " + pullId + " has no uploaded log");
                }
                BodyStream body = ChunkReader.open(store.chunks, doc.getString("upload"),
                        doc.get("chunks", Number.class).intValue(), pull.log().size());
                return new LogDownload(pull.log(), body);
            });
        });
    }

    /** Stores a debug report and fulfils with its id. */
    public Promise<String> report(Report report) {
        return Promise.attempt(() -> {
            ReportChecks.check(report, settings);
            String id = RecordIds.next();
            Instant now = now();
            List<Document> samples = Documents.samples(id, report, now);
            return store.reports.insertOne(Documents.report(id, report, now))
                    .compose(inserted -> samples.isEmpty() ? Promise.resolve((Void) null)
                            : store.samples.insertMany(samples).then(done -> (Void) null)
                                    .recoverWith(failure -> store.reports.deleteMany(eq("_id", id))
                                            .compose(deleted -> Promise.<Void>reject(failure))))
                    .then(done -> id);
        });
    }

    /** Reports newest first, of a device and/or a user (null: any), at most {@code limit}. */
    public Promise<List<StoredReport>> reports(String deviceId, String userId, int limit) {
        return Promise.attempt(() -> {
            checkLimit(limit);
            List<Bson> filters = new ArrayList<>();
            if (deviceId != null) {
                filters.add(eq("deviceId", Checks.id("deviceId", deviceId)));
            }
            if (userId != null) {
                filters.add(eq("userId", Checks.id("userId", userId)));
            }
            return store.reports.find(filters.isEmpty() ? null : and(filters),
                            FindOptions.DEFAULT.withSort(Sorts.descending("at", "_id")).withLimit(limit))
                    .then(docs -> docs.stream().map(Documents::report).toList());
        });
    }

    /**
     * The distribution of metric {@code name} over the newest {@link DiagnosticsSettings#sample()}
     * reports that carry it and match {@code query}, with nearest-rank percentiles.
     */
    public Promise<MetricSummary> metric(String name, MetricQuery query) {
        return Promise.attempt(() -> {
            Checks.metric("name", name);
            MetricQuery q = query == null ? MetricQuery.ALL : query;
            List<Bson> filters = new ArrayList<>(List.of(eq("metric", name)));
            if (q.platform() != null) {
                filters.add(eq("platform", q.platform()));
            }
            if (q.appVersion() != null) {
                filters.add(eq("appVersion", q.appVersion()));
            }
            if (q.since() != null) {
                filters.add(gte("at", Date.from(q.since())));
            }
            if (q.until() != null) {
                filters.add(lt("at", Date.from(q.until())));
            }
            return store.samples.find(and(filters), FindOptions.DEFAULT.withSort(Sorts.descending("at", "_id"))
                            .withLimit(settings.sample())
                            .withProjection(Projections.fields(Projections.include("value", "appVersion"), Projections.excludeId())))
                    .then(docs -> Percentiles.summarize(name, docs.stream()
                            .map(doc -> new Percentiles.Sample(doc.get("value", Number.class).doubleValue(), doc.getString("appVersion")))
                            .toList()));
        });
    }

    /**
     * Deletes the reports received more than {@link DiagnosticsSettings#reportRetention()} ago, and
     * up to 1,000 pulls with their chunks: those that expired without an upload and those uploaded
     * more than the retention ago (a later run takes the rest).
     */
    public Promise<Purged> purge() {
        return Promise.attempt(() -> {
            Instant now = now();
            Date cutoff = Date.from(now.minus(settings.reportRetention()));
            Bson oldPulls = or(and(in("status", Documents.PENDING, Documents.UPLOADING), lte("expiresAt", Date.from(now))),
                    and(eq("status", Documents.UPLOADED), lt("uploadedAt", cutoff)));
            return store.samples.deleteMany(lt("at", cutoff))
                    .compose(done -> store.reports.deleteMany(lt("at", cutoff)))
                    .compose(reports -> store.pulls.find(oldPulls, FindOptions.DEFAULT.withLimit(PURGE_BATCH)
                                    .withProjection(Projections.include("upload")))
                            .compose(pulls -> deletePulls(pulls))
                            .then(pulls -> new Purged(reports.getDeletedCount(), pulls)));
        });
    }

    /**
     * Runs {@link #purge()} on {@code loop} every {@code every} (at least a second) until the
     * handle is stopped. Any thread.
     */
    public Purging startPurging(Loop loop, Duration every) {
        Objects.requireNonNull(loop, "loop");
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("every must be at least a second, got " + every);
        }
        return new Purging(loop, every, this::purge);
    }

    private Promise<Long> deletePulls(List<Document> pulls) {
        if (pulls.isEmpty()) {
            return Promise.resolve(0L);
        }
        List<String> uploads = pulls.stream().map(doc -> doc.getString("upload")).filter(Objects::nonNull).toList();
        List<String> ids = pulls.stream().map(doc -> doc.getString("_id")).toList();
        Promise<?> chunks = uploads.isEmpty() ? Promise.resolve(null) : store.chunks.deleteMany(in("upload", uploads));
        return chunks.compose(done -> store.pulls.deleteMany(in("_id", ids))).then(deleted -> deleted.getDeletedCount());
    }

    private static Bson statusFilter(PullStatus status, Date now) {
        return switch (status) {
            case PENDING -> and(eq("status", Documents.PENDING), gt("expiresAt", now));
            case UPLOADING -> and(eq("status", Documents.UPLOADING), gt("expiresAt", now));
            case UPLOADED -> eq("status", Documents.UPLOADED);
            case EXPIRED -> and(in("status", Documents.PENDING, Documents.UPLOADING), lte("expiresAt", now));
        };
    }

    /** A pull names the asker when the asker has what it names: its field is null or equal. */
    private static Bson matching(String field, String value) {
        return value == null ? eq(field, null) : in(field, Arrays.asList(null, value));
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Checks.bad("limit must be one integer from 1 to " + MAX_LIMIT);
        }
    }

    private static List<Pull> toPulls(List<Document> docs, Instant now) {
        return docs.stream().map(doc -> Documents.pull(doc, now)).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
