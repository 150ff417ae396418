package io.shallot.gateway;

import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Redis for a test: the server in {@code REDIS_URL} when set, else one embedded redis-server kept
 * for the test JVM. Each fixture has its own random key prefix and deletes its keys on close, since
 * the real server is shared between runs.
 */
public final class TestRedis implements AutoCloseable {
    private static Redis embeddedHolder;

    public final String uri;
    public final String prefix;
    public final Redis redis;

    public TestRedis() {
        uri = serverUri();
        prefix = "test:gw:" + UUID.randomUUID() + ":";
        redis = Redis.start(settings());
    }

    /** Settings that reach this fixture's server under its prefix, for a component's own connection. */
    public RedisSettings settings() {
        return RedisSettings.defaults().withUri(uri).withPrefix(prefix);
    }

    public static synchronized String serverUri() {
        String external = System.getenv("REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (embeddedHolder == null) {
            embeddedHolder = Redis.start(RedisSettings.defaults());
        }
        return "redis://" + embeddedHolder.address();
    }

    @Override
    public void close() {
        try {
            List<String> keys = redis.commands().keys(prefix + "*").get(5, TimeUnit.SECONDS);
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
