package io.shallot.platform.feedback.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Collection;
import io.shallot.mvc.data.DataException;
import io.shallot.mvc.data.FindOptions;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@value #COLLECTION} collection: one document per feedback, its {@code _id} the feedback id,
 * so storing an entry again (a redelivery) finds the first copy instead of making a second.
 */
public final class FeedbackStore extends Model {
    public static final String COLLECTION = "feedback";
    private static final int DUPLICATE_KEY = 11000;

    private final Collection feedback;

    public FeedbackStore(Mongo mongo) {
        super(mongo);
        this.feedback = collection(COLLECTION);
    }

    /** The indexes the admin reads use: by category or platform newest first, and by time. */
    public Promise<Void> createIndexes() {
        return Promise.all(List.of(
                        feedback.createIndex(Indexes.compoundIndex(Indexes.ascending("category"), Indexes.descending("_id")),
                                new IndexOptions().name("category_id")),
                        feedback.createIndex(Indexes.compoundIndex(Indexes.ascending("platform"), Indexes.descending("_id")),
                                new IndexOptions().name("platform_id")),
                        feedback.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("createdAt"))))
                .then(names -> null);
    }

    /**
     * Inserts {@code documents}, each independently of the others. Fulfils with the reason for each
     * document the database refused, by its index in the list: empty when all are stored, a
     * document already there (same {@code _id}) counting as stored. Rejects when the outcome of some
     * document is unknown (the database is unreachable, or stopped part way): then none may be
     * taken as stored, and the whole batch is to be tried again.
     */
    public Promise<Map<Integer, String>> insert(List<Document> documents) {
        Loop loop = Loop.current();
        String operation = "insertMany on " + feedback.namespace();
        Promise<Map<Integer, String>> inserted;
        try {
            inserted = Collect.from(feedback.raw().insertMany(documents, new InsertManyOptions().ordered(false)),
                    operation, results -> Map.of());
        } catch (RuntimeException e) {
            // the driver throws, rather than fails the publisher, once its client is closed
            inserted = Promise.reject(loop, new DataException(operation + " failed", e));
        }
        return inserted.recoverWith(error -> error.getCause() instanceof MongoBulkWriteException bulk && accountedFor(bulk, documents.size())
                        ? Promise.resolve(loop, refused(bulk))
                        : Promise.reject(loop, error));
    }

    /** Newest first: at most {@code limit} documents matching every given condition (null ones are not conditions). */
    public Promise<List<Document>> list(String category, String platform, Instant since, Instant until, String before, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (category != null) {
            conditions.add(Filters.eq("category", category));
        }
        if (platform != null) {
            conditions.add(Filters.eq("platform", platform));
        }
        conditions.addAll(period(since, until));
        if (before != null) {
            conditions.add(Filters.lt("_id", before));
        }
        return feedback.find(conditions.isEmpty() ? null : Filters.and(conditions),
                FindOptions.DEFAULT.withSort(Sorts.descending("_id")).withLimit(limit));
    }

    /** How many documents of the period have each value of {@code field}. */
    public Promise<Map<String, Long>> countBy(String field, Instant since, Instant until) {
        List<Bson> conditions = period(since, until);
        List<Bson> pipeline = List.of(
                Aggregates.match(conditions.isEmpty() ? new Document() : Filters.and(conditions)),
                Aggregates.group("$" + field, Accumulators.sum("n", 1)));
        return Collect.from(feedback.raw().aggregate(pipeline), "aggregate on " + feedback.namespace(), groups -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Document group : groups) {
                if (group.get("_id") instanceof String value && group.get("n") instanceof Number n) {
                    counts.put(value, n.longValue());
                }
            }
            return counts;
        });
    }

    private static List<Bson> period(Instant since, Instant until) {
        List<Bson> conditions = new ArrayList<>(2);
        if (since != null) {
            conditions.add(Filters.gte("createdAt", Date.from(since)));
        }
        if (until != null) {
            conditions.add(Filters.lt("createdAt", Date.from(until)));
        }
        return conditions;
    }

    /**
     * Whether every document is accounted for: each either inserted or refused with an error. (The
     * list of inserts, not the count, which the embedded server reports as the documents sent.)
     */
    private static boolean accountedFor(MongoBulkWriteException bulk, int documents) {
        return bulk.getWriteConcernError() == null && bulk.getWriteResult().wasAcknowledged()
                && bulk.getWriteResult().getInserts().size() + bulk.getWriteErrors().size() == documents;
    }

    private static Map<Integer, String> refused(MongoBulkWriteException bulk) {
        Map<Integer, String> refused = new LinkedHashMap<>();
        for (BulkWriteError error : bulk.getWriteErrors()) {
            if (error.getCode() != DUPLICATE_KEY) {
                refused.put(error.getIndex(), "MongoDB refused the document (code " + error.getCode() + ")");
            }
        }
        return refused;
    }
}
