package io.shallot.mvc.config;

/**
 * A configuration problem found while loading or binding: a YAML syntax error, an unknown key,
 * a value of the wrong type. The message is meant for the operator and names where the value came
 * from ({@link #source()}: a file such as {@code config/development.yaml}, or an environment
 * variable such as {@code env SHALLOT_MONGODB_URI}), the key path, and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final String path;

    public ConfigException(String source, String path, String message) {
        this(source, path, message, null);
    }

    public ConfigException(String source, String path, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.path = path;
    }

    /** The file or environment variable the bad value came from; null when not known. */
    public String source() {
        return source;
    }

    /** The dotted key path ({@code mongodb.uri}); null for problems not tied to one key. */
    public String path() {
        return path;
    }
}
