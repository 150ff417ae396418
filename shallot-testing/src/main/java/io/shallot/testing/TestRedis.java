package io.shallot.testing;

import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Redis for one test, under its own random key prefix: the server in {@code REDIS_URL} when set
 * (e.g. redis://127.0.0.1:6379), else an embedded one started for this fixture. Closing it deletes
 * every key under the prefix, so a shared server keeps nothing of the test.
 */
public final class TestRedis implements AutoCloseable {
    public final Redis redis;

    /** @param module names the keys' prefix, {@code test:<module>:<uuid>:} */
    public TestRedis(String module) {
        String external = System.getenv("REDIS_URL");
        // a loaded two-core machine can hold a command past the default second
        RedisSettings settings = RedisSettings.defaults().withPrefix("test:" + module + ":" + UUID.randomUUID() + ":")
                .withTimeout(Duration.ofSeconds(10));
        redis = Redis.start(external == null || external.isBlank() ? settings : settings.withUri(external));
    }

    /** The keys this test left, without the prefix, sorted. */
    public List<String> keys() throws Exception {
        String prefix = redis.key("");
        return redis.commands().keys(prefix + "*").get(5, TimeUnit.SECONDS).stream()
                .map(key -> key.substring(prefix.length())).sorted().toList();
    }

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
