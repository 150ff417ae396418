package io.shallot.mvc.cache;

import io.shallot.mvc.cache.internal.EmbeddedRedis;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Redis per test with its own random key prefix: the server in {@code REDIS_URL} when set
 * (e.g. redis://127.0.0.1:6379), else one embedded server shared by the test JVM. Closing it
 * deletes every key under the prefix.
 */
final class RedisFixture implements AutoCloseable {
    private static EmbeddedRedis shared;

    final Redis redis;

    RedisFixture() {
        this(RedisSettings.defaults());
    }

    RedisFixture(RedisSettings base) {
        redis = Redis.start(base.withUri(uri()).withPrefix("test:" + UUID.randomUUID() + ":"));
    }

    static synchronized String uri() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (shared == null) {
            shared = EmbeddedRedis.start();
        }
        return shared.uri();
    }

    /** The raw value stored under {@code name} (prefix added). */
    String raw(String name) throws Exception {
        return redis.commands().get(redis.key(name)).get(5, TimeUnit.SECONDS);
    }

    void putRaw(String name, String value) throws Exception {
        redis.commands().set(redis.key(name), value).get(5, TimeUnit.SECONDS);
    }

    /** Deletes this test's keys (all under its prefix) and closes the connection. */
    @Override
    public void close() {
        try {
            List<String> keys = redis.commands().keys(redis.key("*")).get(5, TimeUnit.SECONDS);
            if (!keys.isEmpty()) {
                redis.commands().del(keys.toArray(String[]::new)).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not delete the test's keys", e);
        } finally {
            redis.close();
        }
    }
}
