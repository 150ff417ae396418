package io.shallot.mvc.data;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.InsertManyResult;
import com.mongodb.client.result.InsertOneResult;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.shallot.loop.Promise;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.reactivestreams.Publisher;

/**
 * One MongoDB collection, with the Node driver's verbs returning {@link Promise}s.
 *
 * <p>Threading: call on a loop thread; each promise settles on that loop ({@code Loop.current()}
 * at call time), although the driver completes on its own threads, and keeps {@code Loop.run}
 * alive until it settles. Results are collected with bounded demand; a {@link #find} without a
 * limit reads the whole match into memory, so give queries on large collections a limit.
 *
 * <p>Errors: a failed operation rejects with {@link DataException}; the driver's message is in its
 * cause. A {@code null} filter means "all documents".
 */
public final class Collection {
    private final MongoCollection<Document> raw;
    private final String namespace;

    Collection(MongoCollection<Document> raw) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.namespace = raw.getNamespace().getFullName();
    }

    /** {@code database.collection}. */
    public String namespace() {
        return namespace;
    }

    public Promise<List<Document>> find(Bson filter) {
        return find(filter, FindOptions.DEFAULT);
    }

    public Promise<List<Document>> find(Bson filter, FindOptions options) {
        Objects.requireNonNull(options, "options");
        FindPublisher<Document> find = raw.find(orAll(filter));
        if (options.sort() != null) {
            find = find.sort(options.sort());
        }
        if (options.skip() > 0) {
            find = find.skip(options.skip());
        }
        if (options.limit() > 0) {
            find = find.limit(options.limit());
        }
        if (options.projection() != null) {
            find = find.projection(options.projection());
        }
        return collect(find, "find", List::copyOf);
    }

    /** The first matching document, if any. */
    public Promise<Optional<Document>> findOne(Bson filter) {
        return collect(raw.find(orAll(filter)).first(), "findOne", docs -> docs.stream().findFirst());
    }

    public Promise<Long> count(Bson filter) {
        return collect(raw.countDocuments(orAll(filter)), "count", Collection::single);
    }

    /** Inserts {@code document}; the driver adds an {@code _id} to it when it has none. */
    public Promise<InsertOneResult> insertOne(Document document) {
        return collect(raw.insertOne(document), "insertOne", Collection::single);
    }

    public Promise<InsertManyResult> insertMany(List<Document> documents) {
        return collect(raw.insertMany(documents), "insertMany", Collection::single);
    }

    public Promise<UpdateResult> updateOne(Bson filter, Bson update) {
        return collect(raw.updateOne(orAll(filter), update), "updateOne", Collection::single);
    }

    public Promise<UpdateResult> updateMany(Bson filter, Bson update) {
        return collect(raw.updateMany(orAll(filter), update), "updateMany", Collection::single);
    }

    public Promise<DeleteResult> deleteMany(Bson filter) {
        return collect(raw.deleteMany(orAll(filter)), "deleteMany", Collection::single);
    }

    /** Creates an index (idempotent) and fulfils with its name. */
    public Promise<String> createIndex(Bson keys) {
        return createIndex(keys, new IndexOptions());
    }

    public Promise<String> createIndex(Bson keys, IndexOptions options) {
        return collect(raw.createIndex(keys, options), "createIndex", Collection::single);
    }

    /** The driver's reactive collection, for anything not wrapped here. */
    public MongoCollection<Document> raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "Collection[" + namespace + "]";
    }

    private <T, R> Promise<R> collect(Publisher<T> publisher, String verb, Function<List<T>, R> finish) {
        return Collect.from(publisher, verb + " on " + namespace, finish);
    }

    private static Bson orAll(Bson filter) {
        return filter == null ? new Document() : filter;
    }

    private static <T> T single(List<T> items) {
        if (items.size() != 1) {
            throw new IllegalStateException("expected one result from the driver, got " + items.size());
        }
        return items.get(0);
    }
}
