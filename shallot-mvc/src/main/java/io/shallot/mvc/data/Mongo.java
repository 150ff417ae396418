package io.shallot.mvc.data;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.shallot.mvc.data.internal.EmbeddedMongo;
import io.shallot.mvc.data.internal.Ping;
import java.time.Duration;
import java.util.Objects;
import org.bson.UuidRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's connection to MongoDB: one official reactive-streams {@link MongoClient} (it pools
 * connections and is shared by every loop), to the server in {@link MongoSettings#uri()} or, when
 * that is blank, to an embedded mongo-java-server started here on a free 127.0.0.1 port. Both
 * paths use the same client code; only the address differs.
 *
 * <p>Start one per process, hand it to {@link Model}s, close it on shutdown (which also stops the
 * embedded server and, for the {@code h2} backend, commits and releases its file).
 *
 * <p>Threading: thread-safe. {@link #start} blocks (binding the embedded server, then a
 * {@code ping} of at most 5 s that also warms the driver up); call it at startup, not on a loop.
 * Errors: a bad {@code uri} fails {@link #start} with {@link IllegalArgumentException}; a server
 * that does not answer the ping is logged as a warning, and its queries reject until it answers.
 */
public final class Mongo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mongo.class);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private final MongoSettings settings;
    private final EmbeddedMongo embedded;
    private final MongoClient client;
    private final String connectionString;

    private Mongo(MongoSettings settings, EmbeddedMongo embedded, MongoClient client, String connectionString) {
        this.settings = settings;
        this.embedded = embedded;
        this.client = client;
        this.connectionString = connectionString;
    }

    public static Mongo start(MongoSettings settings) {
        Objects.requireNonNull(settings, "settings");
        EmbeddedMongo embedded = settings.hasUri() ? null : EmbeddedMongo.start(settings);
        String uri = embedded == null ? settings.uri() : embedded.connectionString();
        try {
            ConnectionString parsed;
            try {
                parsed = new ConnectionString(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mongodb.uri is not a MongoDB connection string: " + e.getMessage(), e);
            }
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(parsed)
                    .uuidRepresentation(UuidRepresentation.STANDARD)
                    .build());
            warmUp(client, embedded != null);
            return new Mongo(settings, embedded, client, uri);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static void warmUp(MongoClient client, boolean embedded) {
        Throwable failure = Ping.run(client.getDatabase("admin"), PING_TIMEOUT);
        if (failure == null) {
            return;
        }
        if (embedded) {
            client.close();
            throw new IllegalStateException("embedded MongoDB did not answer a ping: " + failure, failure);
        }
        LOG.warn("MongoDB did not answer a ping within {} s ({}); queries fail until it does",
                PING_TIMEOUT.toSeconds(), failure.toString());
    }

    public MongoSettings settings() {
        return settings;
    }

    public MongoClient client() {
        return client;
    }

    /** The database named in the settings. */
    public MongoDatabase database() {
        return client.getDatabase(settings.database());
    }

    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** Whether this instance started an embedded server. */
    public boolean embedded() {
        return embedded != null;
    }

    /**
     * The address the client connects to; for an embedded server {@code mongodb://127.0.0.1:<port>}.
     * May contain credentials when they were in the configured uri: do not log it.
     */
    public String connectionString() {
        return connectionString;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Mongo[" + (embedded != null ? connectionString + ", embedded " + settings.embedded() : "external")
                + ", database " + settings.database() + "]";
    }
}
