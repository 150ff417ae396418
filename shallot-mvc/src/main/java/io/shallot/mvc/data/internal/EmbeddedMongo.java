package io.shallot.mvc.data.internal;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.shallot.mvc.data.MongoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mongo-java-server started in-process on a free 127.0.0.1 port, speaking the wire protocol, so
 * the official driver connects to it exactly as to a real server.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String FILE_NAME = "shallot-mongo.mv.db";

    private final MongoServer server;
    private final String connectionString;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.connectionString = "mongodb://127.0.0.1:" + address.getPort();
    }

    public static EmbeddedMongo start(MongoSettings settings) {
        MongoBackend backend = switch (settings.embedded()) {
            case MEMORY -> new MemoryBackend();
            case H2 -> openH2(Path.of(settings.dataDir()));
        };
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw new IllegalStateException("embedded MongoDB could not listen on 127.0.0.1: " + e.getMessage(), e);
        }
        EmbeddedMongo mongo = new EmbeddedMongo(server, server.getLocalAddress());
        LOG.info("embedded MongoDB ({}) listening on {}", settings.embedded().name().toLowerCase(Locale.ROOT),
                mongo.connectionString);
        return mongo;
    }

    private static MongoBackend openH2(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MongoDB: cannot create dataDir " + dataDir.toAbsolutePath(), e);
        }
        try {
            return new H2Backend(file.toString());
        } catch (RuntimeException e) {
            String locked = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("locked")
                    ? " It is in use by another process: an H2 file has one owner, so run a MongoDB server and set"
                    + " mongodb.uri when several processes (cluster workers) share the data."
                    : "";
            throw new IllegalStateException("embedded MongoDB: cannot open " + file + "." + locked, e);
        }
    }

    /** {@code mongodb://127.0.0.1:<port>}. */
    public String connectionString() {
        return connectionString;
    }

    /** Stops listening and closes the backend (the H2 file is committed and released). */
    @Override
    public void close() {
        server.shutdown();
    }
}
