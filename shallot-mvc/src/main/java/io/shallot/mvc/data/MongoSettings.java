package io.shallot.mvc.data;

/**
 * Where documents live; bind it from the {@code mongodb} config section with
 * {@code config.view("mongodb", MongoSettings.class)}.
 *
 * @param uri      a MongoDB connection string; null or blank starts an embedded server in-process
 * @param database the database {@link Model}s use (default {@value #DEFAULT_DATABASE}, the
 *                 document's name, typo included)
 * @param embedded the embedded server's storage when {@code uri} is blank: {@code memory} (default;
 *                 gone when the process ends) or {@code h2} (a file under {@code dataDir})
 * @param dataDir  the directory of the {@code h2} file (default {@value #DEFAULT_DATA_DIR}),
 *                 relative to the working directory
 */
public record MongoSettings(String uri, String database, Embedded embedded, String dataDir) {
    public static final String DEFAULT_DATABASE = "nodejs_cloumn";
    public static final String DEFAULT_DATA_DIR = "data/mongo";

    /** Storage of the embedded server. */
    public enum Embedded {
        /** In memory: fast, for tests; data is lost on close. */
        MEMORY,
        /** An H2 MVStore file under {@code dataDir}: data survives restarts. One process per file. */
        H2
    }

    public MongoSettings {
        uri = uri == null || uri.isBlank() ? null : uri.trim();
        database = database == null || database.isBlank() ? DEFAULT_DATABASE : database;
        embedded = embedded == null ? Embedded.MEMORY : embedded;
        dataDir = dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir;
    }

    /** An embedded in-memory server and the default database. */
    public static MongoSettings defaults() {
        return new MongoSettings(null, null, null, null);
    }

    /** Whether a server is named; without one an embedded server is started. */
    public boolean hasUri() {
        return uri != null;
    }

    public MongoSettings withUri(String uri) {
        return new MongoSettings(uri, database, embedded, dataDir);
    }

    public MongoSettings withDatabase(String database) {
        return new MongoSettings(uri, database, embedded, dataDir);
    }

    public MongoSettings withEmbedded(Embedded embedded) {
        return new MongoSettings(uri, database, embedded, dataDir);
    }

    public MongoSettings withDataDir(String dataDir) {
        return new MongoSettings(uri, database, embedded, dataDir);
    }
}
