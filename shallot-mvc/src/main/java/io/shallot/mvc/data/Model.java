package io.shallot.mvc.data;

import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.Objects;

/**
 * The M of MSVC: base class of the classes that own data access, as the document's {@code Model}
 * base sets the database name and hands out collection handles.
 *
 * <pre>{@code
 * public final class ContentModel extends Model {
 *     public ContentModel(Mongo mongo) {
 *         super(mongo);
 *     }
 *
 *     public Promise<List<Document>> list() {
 *         return collection("content").find(null, FindOptions.DEFAULT.withLimit(10));
 *     }
 * }
 * }</pre>
 *
 * <p>Threading: a model holds no per-request state and may be shared by every loop; its
 * {@link Collection} methods must be called on a loop thread and settle on it.
 */
public abstract class Model {
    private final MongoDatabase database;

    /** Uses the database named in the settings ({@code nodejs_cloumn} by default). */
    protected Model(Mongo mongo) {
        this(mongo, Objects.requireNonNull(mongo, "mongo").settings().database());
    }

    protected Model(Mongo mongo, String database) {
        this.database = Objects.requireNonNull(mongo, "mongo").database(Objects.requireNonNull(database, "database"));
    }

    /** The collection {@code name} of this model's database. */
    protected final Collection collection(String name) {
        return new Collection(database.getCollection(Objects.requireNonNull(name, "name")));
    }

    /** The driver's database handle, for what {@link Collection} does not wrap. */
    protected final MongoDatabase database() {
        return database;
    }
}
