package io.shallot.mvc.cache;

import java.time.Duration;

/**
 * Where the shared cache lives; bind it from the {@code redis} config section with
 * {@code config.view("redis", RedisSettings.class)}.
 *
 * @param uri     a Redis URI ({@code redis://[:password@]host:port[/db]}); null or blank starts an
 *                embedded redis-server on a free 127.0.0.1 port (one per process, not shared)
 * @param prefix  prepended to every key this instance writes (default {@value #DEFAULT_PREFIX}), so
 *                applications can share a server; tests use a random one each
 * @param timeout how long one command may take before it fails (default 1 s); a failure makes
 *                caches fall back to their loaders, so keep it short
 */
public record RedisSettings(String uri, String prefix, Duration timeout) {
    public static final String DEFAULT_PREFIX = "shallot:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public RedisSettings {
        uri = uri == null || uri.isBlank() ? null : uri.trim();
        prefix = prefix == null ? DEFAULT_PREFIX : prefix;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("redis timeout must be positive, got " + timeout);
        }
    }

    /** An embedded server, the default prefix and timeout. */
    public static RedisSettings defaults() {
        return new RedisSettings(null, null, null);
    }

    /** Whether a server is named; without one an embedded server is started. */
    public boolean hasUri() {
        return uri != null;
    }

    public RedisSettings withUri(String uri) {
        return new RedisSettings(uri, prefix, timeout);
    }

    public RedisSettings withPrefix(String prefix) {
        return new RedisSettings(uri, prefix, timeout);
    }

    public RedisSettings withTimeout(Duration timeout) {
        return new RedisSettings(uri, prefix, timeout);
    }
}
