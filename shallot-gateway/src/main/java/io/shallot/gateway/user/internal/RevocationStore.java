package io.shallot.gateway.user.internal;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End users' revocations in Redis, under its prefix: one key per user,
 * {@code gateway:users:revoked:<sub>}, holding {@code before} in epoch milliseconds, and the
 * channel {@code gateway:users:revoked} on which every change is announced with the sub. A change
 * and its announcement run as one Lua script, so no change is stored unannounced.
 *
 * <p>Thread-safe; the futures complete on Lettuce's threads and fail with Lettuce's exception when
 * Redis does (never by throwing). A key whose value is not a number is logged and left out.
 */
public final class RevocationStore {
    private static final String KEY = "gateway:users:revoked:";
    private static final String CHANNEL = "gateway:users:revoked";
    private static final Logger LOG = LoggerFactory.getLogger(RevocationStore.class);
    private static final int SCAN_BATCH = 500;

    private final Redis redis;
    private final String keys;
    private final String channel;
    private final LuaScript revoke;
    private final LuaScript lift;

    public RevocationStore(Redis redis) {
        this.redis = redis;
        this.keys = redis.key(KEY);
        this.channel = redis.key(CHANNEL);
        this.revoke = new LuaScript(redis, RevocationStore.class, "revoke.lua");
        this.lift = new LuaScript(redis, RevocationStore.class, "lift.lua");
    }

    /** The channel, prefixed, as a subscriber names it. */
    public String channel() {
        return channel;
    }

    /** The {@code before} of {@code sub}'s revocation, or null when none is stored. */
    public CompletableFuture<Instant> read(String sub) {
        return call(() -> redis.commands().get(keys + sub)).thenApply(value -> parse(sub, value));
    }

    /**
     * Every stored revocation, sub to {@code before}: a SCAN over the keys, a page at a time, each
     * page's values read with one MGET. A key deleted meanwhile is left out.
     */
    public CompletableFuture<Map<String, Instant>> readAll() {
        return scan(ScanCursor.INITIAL, ScanArgs.Builder.matches(glob(keys) + "*").limit(SCAN_BATCH), new HashMap<>());
    }

    /** Stores {@code sub}'s revocation to expire after {@code ttl}, and announces it. */
    public CompletableFuture<Void> write(String sub, Instant before, Duration ttl) {
        return revoke.run(new String[] {keys + sub}, Long.toString(before.toEpochMilli()), Long.toString(ttl.toMillis()),
                channel, sub).thenApply(reply -> null);
    }

    /** Deletes {@code sub}'s revocation and announces it; true when there was one. */
    public CompletableFuture<Boolean> delete(String sub) {
        return lift.run(new String[] {keys + sub}, channel, sub).thenApply(reply -> Long.valueOf(1).equals(reply.get(0)));
    }

    private CompletableFuture<Map<String, Instant>> scan(ScanCursor cursor, ScanArgs args, Map<String, Instant> found) {
        return call(() -> redis.commands().scan(cursor, args)).thenCompose(page -> {
            CompletableFuture<Void> values = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(null)
                    : call(() -> redis.commands().mget(page.getKeys().toArray(String[]::new)))
                            .thenAccept(read -> collect(read, found));
            return values.thenCompose(ok -> page.isFinished() ? CompletableFuture.completedFuture(found)
                    : scan(page, args, found));
        });
    }

    private void collect(List<KeyValue<String, String>> read, Map<String, Instant> found) {
        for (KeyValue<String, String> entry : read) {
            String sub = entry.getKey().substring(keys.length());
            Instant before = parse(sub, entry.getValueOrElse(null));
            if (before != null) {
                found.put(sub, before);
            }
        }
    }

    private Instant parse(String sub, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,18}")) {
            LOG.warn("the revocation key {}{} holds '{}', not epoch milliseconds; it is ignored", keys, sub, value);
            return null;
        }
        return Instant.ofEpochMilli(Long.parseLong(value));
    }

    /** The prefix as a SCAN pattern matching it literally: a prefix may hold glob characters. */
    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** Lettuce throws, rather than fails the future, once its client has been shut down. */
    private static <T> CompletableFuture<T> call(Supplier<CompletionStage<T>> command) {
        try {
            return command.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
