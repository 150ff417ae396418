package io.shallot.ops.vote.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shallot.mvc.cache.Redis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tallies as read from Redis, kept in this process for a time-to-live, so a storm of reads costs
 * one {@code HGETALL} per activity per interval: callers that ask while a read is in flight share
 * it, and a failed read is not kept. A value is at most the time-to-live older than its read
 * (counted from when the read came back), however many votes were counted meanwhile, by this
 * process or another. Thread-safe.
 */
public final class TallyCache {
    private final Redis redis;
    private final AsyncCache<String, Map<String, String>> tallies;

    public TallyCache(Redis redis, Duration ttl) {
        this.redis = redis;
        this.tallies = Caffeine.newBuilder().executor(Runnable::run).expireAfterWrite(ttl).buildAsync();
    }

    /** The hash at {@code tallyKey}, option -> votes; empty when nobody has voted. Shared: do not modify. */
    public CompletableFuture<Map<String, String>> get(String tallyKey) {
        return tallies.get(tallyKey, (key, executor) -> redis.commands().hgetall(key).toCompletableFuture());
    }
}
