package io.shallot.platform.diagnostics.internal;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.platform.diagnostics.LogFile;
import io.shallot.web.HttpException;
import io.shallot.web.client.BodyStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload of a pull's log. The pull is claimed first, atomically: a findOneAndUpdate moves it
 * from pending to uploading under a fresh upload token, so of two concurrent uploads one claims it
 * and the other is refused (409) before it writes a byte. The winner writes its chunks under its
 * token and completes the pull only while it still holds the claim; any failure deletes its chunks
 * and gives the claim back, so the pull is pending again with nothing stored.
 *
 * <p>A claim older than {@link #STALE_CLAIM} (a process that died mid-upload) may be taken over by
 * a new upload, which first deletes the dead upload's chunks. Should the old upload still be
 * alive, it finds its claim gone when it completes, deletes its own chunks, and answers 409.
 */
public final class Uploads {
    public static final Duration STALE_CLAIM = Duration.ofMinutes(5);
    public static final String DEFAULT_TYPE = "application/octet-stream";
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final Store store;
    private final Clock clock;
    private final int maxBytes;

    public Uploads(Store store, Clock clock, int maxBytes) {
        this.store = store;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /**
     * Stores {@code body} as the log of pull {@code pullId}; see the class comment. With an
     * {@code uploader} (the user the gateway vouches for), a pull that targets another user is refused
     * with 403 and left as it was.
     */
    public Promise<LogFile> upload(String pullId, BodyStream body, long declaredLength, String contentType,
            String contentEncoding, String uploader) {
        Checks.recordId("id", pullId);
        if (declaredLength > maxBytes) {
            throw new HttpException(413, "the log is larger than " + maxBytes + " bytes");
        }
        if (declaredLength == 0) {
            throw Checks.bad("the log is empty");
        }
        String type = contentType == null ? DEFAULT_TYPE : Checks.text("Content-Type", contentType, 200, false);
        String encoding = Checks.text("Content-Encoding", contentEncoding, 64, true);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String token = RecordIds.next();
        Date at = Date.from(now);
        List<Bson> claimable = new ArrayList<>(List.of(eq("_id", pullId), gt("expiresAt", at), or(eq("status", Documents.PENDING),
                and(eq("status", Documents.UPLOADING), lt("claimedAt", Date.from(now.minus(STALE_CLAIM)))))));
        if (uploader != null) {
            // a device's pull (no user) is any of its users' to answer; a user's pull is that user's alone
            claimable.add(or(eq("userId", null), eq("userId", uploader)));
        }
        return Store.findOneAndUpdate(store.pulls, and(claimable),
                        combine(set("status", Documents.UPLOADING), set("upload", token), set("claimedAt", at)))
                .compose(before -> before.isEmpty() ? refusal(pullId, now, uploader)
                        : write(pullId, token, before.get(), body, type, encoding));
    }

    private Promise<LogFile> write(String pullId, String token, Document before, BodyStream body, String type, String encoding) {
        Loop loop = body.loop();
        String stale = before.getString("upload");
        Promise<Void> cleared = stale == null ? Promise.resolve(loop, null) : deleteChunks(stale);
        return cleared.compose(done -> new ChunkWriter(body, store.chunks, token, maxBytes).run())
                .compose(written -> complete(pullId, token, written, type, encoding))
                .recoverWith(failure -> release(pullId, token).compose(done -> Promise.<LogFile>reject(loop, failure)));
    }

    private Promise<LogFile> complete(String pullId, String token, ChunkWriter.Written written, String type, String encoding) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return store.pulls.updateOne(and(eq("_id", pullId), eq("status", Documents.UPLOADING), eq("upload", token)),
                combine(set("status", Documents.UPLOADED), set("size", written.size()), set("sha256", written.sha256()),
                        set("chunks", written.chunks()), set("contentType", type), set("contentEncoding", encoding),
                        set("uploadedAt", Date.from(now)), unset("claimedAt"))).then(result -> {
                            if (result.getMatchedCount() != 1) {
                                throw new HttpException(409, "pull " + pullId + " was taken over or purged while uploading");
                            }
                            return new LogFile(written.size(), written.sha256(), type, encoding, now);
                        });
    }

    /** Deletes this upload's chunks and makes the pull pending again, if this upload still holds it. */
    private Promise<Void> release(String pullId, String token) {
        return deleteChunks(token)
                .compose(done -> store.pulls.updateOne(
                        and(eq("_id", pullId), eq("status", Documents.UPLOADING), eq("upload", token)),
                        combine(set("status", Documents.PENDING), unset("upload"), unset("claimedAt"))))
                .then(result -> (Void) null, failure -> {
                    LOG.warn("could not release pull {} after a failed upload; it is freed when its claim goes stale", pullId,
                            failure);
                    return null;
                });
    }

    private Promise<Void> deleteChunks(String token) {
        return store.chunks.deleteMany(eq("upload", token)).then(result -> null);
    }

    private Promise<LogFile> refusal(String pullId, Instant now, String uploader) {
        return store.pulls.findOne(eq("_id", pullId)).then(found -> {
            throw refusal(pullId, found, now, uploader);
        });
    }

    private static HttpException refusal(String pullId, Optional<Document> found, Instant now, String uploader) {
        if (found.isEmpty()) {
            return new HttpException(404, "no pull " + pullId);
        }
        Document pull = found.get();
        String target = pull.getString("userId");
        if (uploader != null && target != null && !target.equals(uploader)) {
            return new HttpException(403, "pull " + pullId + " is another user's");
        }
        Instant expiresAt = pull.getDate("expiresAt").toInstant();
        if (Documents.UPLOADED.equals(pull.getString("status"))) {
            return new HttpException(409, "pull " + pullId + " is already uploaded");
        }
        if (!now.isBefore(expiresAt)) {
            return new HttpException(410, "pull " + pullId + " expired at " + expiresAt);
        }
        return new HttpException(409, "pull " + pullId + " is being uploaded by another request");
    }
}
