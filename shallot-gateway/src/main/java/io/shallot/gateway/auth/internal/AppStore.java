package io.shallot.gateway.auth.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import io.shallot.gateway.GatewayApp;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Collection;
import io.shallot.mvc.data.DataException;
import io.shallot.mvc.data.FindOptions;
import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * The apps in the MongoDB collection {@value #COLLECTION}, one document per app:
 * <pre>
 * { _id: appid, name, status: "ACTIVE" | "DISABLED", apis: [..], plan, priorityClass: 0..3 | null,
 *   signed, secrets: [{ id, sealed, createdAt, expiresAt | null }], createdAt, updatedAt, version }
 * </pre>
 * Secrets are sealed by {@link SecretCipher}; the plain text is never written. Every value placed
 * in a filter is a plain string (an appid that was checked against its pattern), never a document
 * from a client, so no operator can be injected.
 *
 * <p>Threading: call on a loop thread; promises settle there. Errors reject with
 * {@link DataException}.
 */
public final class AppStore extends Model {
    public static final String COLLECTION = "gateway_apps";
    private final Collection apps;

    public AppStore(Mongo mongo) {
        super(mongo);
        this.apps = collection(COLLECTION);
    }

    /** The app, or null when there is none. */
    public Promise<AppRecord> find(String appid) {
        return apps.findOne(byId(appid)).then(found -> found.map(AppStore::fromDocument).orElse(null));
    }

    /** Up to {@code limit} apps in appid order, after {@code after} (exclusive) when given. */
    public Promise<List<AppRecord>> list(String after, GatewayApp.Status status, int limit) {
        Document filter = new Document();
        if (after != null) {
            filter.append("_id", new Document("$gt", after));
        }
        if (status != null) {
            filter.append("status", status.name());
        }
        return apps.find(filter, FindOptions.DEFAULT.withSort(new Document("_id", 1)).withLimit(limit))
                .then(docs -> docs.stream().map(AppStore::fromDocument).toList());
    }

    /** Inserts a new app; fulfils with false when its appid is taken. */
    public Promise<Boolean> insert(AppRecord app) {
        return apps.insertOne(toDocument(app)).then(done -> true).recover(error -> {
            if (duplicate(error)) {
                return false;
            }
            throw asRuntime(error);
        });
    }

    /** Sets {@code fields} (and {@code updatedAt}); fulfils with false when there is no such app. */
    public Promise<Boolean> set(String appid, Document fields, Instant now) {
        Document update = new Document("$set", new Document(fields).append("updatedAt", Date.from(now)))
                .append("$inc", new Document("version", 1L));
        return apps.updateOne(byId(appid), update).then(result -> result.getMatchedCount() > 0);
    }

    /**
     * Replaces the secrets of {@code app} if nobody has written it since it was read; fulfils with
     * false when somebody has (the caller reads again and retries).
     */
    public Promise<Boolean> replaceSecrets(AppRecord app, List<StoredSecret> secrets, Instant now) {
        Document filter = byId(app.appid()).append("version", app.version());
        Document update = new Document("$set", new Document("secrets", secretDocuments(secrets))
                .append("updatedAt", Date.from(now)))
                .append("$inc", new Document("version", 1L));
        return apps.updateOne(filter, update).then(result -> result.getMatchedCount() > 0);
    }

    private static Document byId(String appid) {
        return new Document("_id", appid);
    }

    static Document toDocument(AppRecord record) {
        GatewayApp app = record.app();
        return new Document("_id", app.appid())
                .append("name", record.name())
                .append("status", app.status().name())
                .append("apis", new ArrayList<>(new TreeSet<>(app.apis())))
                .append("plan", app.plan())
                .append("priorityClass", app.priorityClass())
                .append("signed", app.signed())
                .append("secrets", secretDocuments(record.secrets()))
                .append("createdAt", Date.from(record.createdAt()))
                .append("updatedAt", Date.from(record.updatedAt()))
                .append("version", record.version());
    }

    private static List<Document> secretDocuments(List<StoredSecret> secrets) {
        return secrets.stream().map(s -> new Document("id", s.id())
                .append("sealed", s.sealed())
                .append("createdAt", Date.from(s.createdAt()))
                .append("expiresAt", s.expiresAt() == null ? null : Date.from(s.expiresAt()))).toList();
    }

    static AppRecord fromDocument(Document doc) {
        String appid = doc.getString("_id");
        GatewayApp app = new GatewayApp(appid, GatewayApp.Status.valueOf(doc.getString("status")),
                Set.copyOf(doc.getList("apis", String.class, List.of())), doc.getString("plan"),
                doc.getInteger("priorityClass"), doc.getBoolean("signed", false));
        List<StoredSecret> secrets = doc.getList("secrets", Document.class, List.of()).stream()
                .map(s -> new StoredSecret(s.getString("id"), s.getString("sealed"), instant(s.getDate("createdAt")),
                        instant(s.getDate("expiresAt"))))
                .toList();
        Number version = doc.get("version", Number.class);
        return new AppRecord(app, doc.getString("name"), secrets, instant(doc.getDate("createdAt")),
                instant(doc.getDate("updatedAt")), version == null ? 0 : version.longValue());
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static boolean duplicate(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException asRuntime(Throwable error) {
        return error instanceof RuntimeException runtime ? runtime : new DataException("insert into " + COLLECTION
                + " failed", error);
    }
}
