package io.shallot.platform.diagnostics.internal;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Collection;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import io.shallot.platform.internal.Publishers;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The four collections: {@code diagnostic_pulls} (a pull and, once uploaded, its file's
 * description), {@code diagnostic_log_chunks} (the file's bytes in numbered chunks, keyed by the
 * upload that wrote them), {@code diagnostic_reports} and {@code diagnostic_samples} (one row per
 * metric of a report, what a metric's analysis reads).
 */
public final class Store extends Model {
    private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(10);
    public final Collection pulls = collection("diagnostic_pulls");
    public final Collection chunks = collection("diagnostic_log_chunks");
    public final Collection reports = collection("diagnostic_reports");
    public final Collection samples = collection("diagnostic_samples");

    public Store(Mongo mongo) {
        super(mongo);
    }

    /** Creates the indexes the queries use; blocks, so call it at startup, not on a loop. */
    public void createIndexes() {
        await(pulls, Indexes.compoundIndex(Indexes.ascending("status"), Indexes.ascending("expiresAt")), false);
        await(pulls, Indexes.compoundIndex(Indexes.ascending("deviceId"), Indexes.descending("createdAt")), false);
        await(pulls, Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("createdAt")), false);
        await(pulls, Indexes.descending("createdAt"), false);
        await(chunks, Indexes.compoundIndex(Indexes.ascending("upload"), Indexes.ascending("n")), true);
        await(reports, Indexes.compoundIndex(Indexes.ascending("deviceId"), Indexes.descending("at")), false);
        await(reports, Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("at")), false);
        await(reports, Indexes.descending("at"), false);
        await(samples, Indexes.compoundIndex(Indexes.ascending("metric"), Indexes.descending("at")), false);
        await(samples, Indexes.ascending("at"), false);
    }

    /** {@code findOneAndUpdate}, fulfilling with the document as it was before the update, if one matched. */
    public static Promise<Optional<Document>> findOneAndUpdate(Collection collection, Bson filter, Bson update) {
        return Collect.from(collection.raw().findOneAndUpdate(filter, update,
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)),
                "findOneAndUpdate on " + collection.namespace(), docs -> docs.stream().findFirst());
    }

    private static void await(Collection collection, Bson keys, boolean unique) {
        try {
            Publishers.collect(collection.raw().createIndex(keys, new IndexOptions().unique(unique)),
                    "createIndex on " + collection.namespace()).get(INDEX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating an index on " + collection.namespace(), e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create an index on " + collection.namespace(), e);
        }
    }
}
