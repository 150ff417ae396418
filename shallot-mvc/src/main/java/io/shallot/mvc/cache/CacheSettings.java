package io.shallot.mvc.cache;

import java.time.Duration;

/**
 * Sizes and lifetimes of one {@link Cache}; bind it from a config section such as
 * {@code cache.users} with {@code config.view("cache.users", CacheSettings.class)}. Absent values
 * take the defaults below.
 *
 * @param maxSize     entries kept in the local (in-process) level, default 10,000
 * @param localTtl    how long a value stays in the local level, default 10 s; this bounds how long
 *                    another process's invalidation can go unseen here
 * @param ttl         how long a value stays in Redis, default 5 min
 * @param negativeTtl how long "not found" is remembered in both levels, default 30 s
 */
public record CacheSettings(Long maxSize, Duration localTtl, Duration ttl, Duration negativeTtl) {
    public static final long DEFAULT_MAX_SIZE = 10_000;
    public static final Duration DEFAULT_LOCAL_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);

    public CacheSettings {
        maxSize = maxSize == null ? DEFAULT_MAX_SIZE : maxSize;
        localTtl = localTtl == null ? DEFAULT_LOCAL_TTL : localTtl;
        ttl = ttl == null ? DEFAULT_TTL : ttl;
        negativeTtl = negativeTtl == null ? DEFAULT_NEGATIVE_TTL : negativeTtl;
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0, got " + maxSize);
        }
        requirePositive("ttl", ttl);
        requirePositive("negativeTtl", negativeTtl);
        if (localTtl.isNegative()) {
            throw new IllegalArgumentException("localTtl must be >= 0 (0 = no local level), got " + localTtl);
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(null, null, null, null);
    }

    public CacheSettings withMaxSize(long maxSize) {
        return new CacheSettings(maxSize, localTtl, ttl, negativeTtl);
    }

    public CacheSettings withLocalTtl(Duration localTtl) {
        return new CacheSettings(maxSize, localTtl, ttl, negativeTtl);
    }

    public CacheSettings withTtl(Duration ttl) {
        return new CacheSettings(maxSize, localTtl, ttl, negativeTtl);
    }

    public CacheSettings withNegativeTtl(Duration negativeTtl) {
        return new CacheSettings(maxSize, localTtl, ttl, negativeTtl);
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
