package io.shallot.gateway.auth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.shallot.gateway.auth.AuthSettings;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opaque access tokens in Redis. A token is 32 random bytes; Redis holds only its SHA-256, under
 * {@code <prefix>gateway:token:<hex>}, with the value {@code <expiresAtMillis> <secretId> <appid>}
 * and a time to live of {@code tokenTtl + expiredMarkerGrace}: past its expiry the key is still
 * there for a while, so a late caller learns the token expired rather than that it never existed.
 *
 * <p>A local cache remembers found tokens for {@link AuthSettings#tokenCacheTtl()} at most (never
 * past the key's own lifetime). It cannot delay a revocation: tokens are never revoked one by one;
 * an app is cut off by disabling it or revoking the secret that obtained the token, which the
 * caller checks on the (pub/sub-invalidated) app on every request.
 *
 * <p>Threading: thread-safe; call on a loop thread, promises settle there. Errors: Redis failures
 * reject the promise with Lettuce's exception.
 */
public final class TokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final String KEY = "gateway:token:";
    private static final long MAX_CACHED_TOKENS = 100_000;

    /** What a token stands for. */
    public record Grant(String appid, String secretId, long expiresAtMillis) {
        public boolean expiredAt(long nowMillis) {
            return nowMillis >= expiresAtMillis;
        }
    }

    /** A token just issued: the only time its plain value exists on the gateway. */
    public record Issued(String token, Duration expiresIn) {
        @Override
        public String toString() {
            return "Issued[token=***, expiresIn=" + expiresIn + "]";
        }
    }

    private final Redis redis;
    private final Duration ttl;
    private final Duration keep;
    private final Cache<String, Grant> cache;

    public TokenStore(Redis redis, AuthSettings settings) {
        this.redis = redis;
        this.ttl = settings.tokenTtl();
        this.keep = settings.tokenTtl().plus(settings.expiredMarkerGrace());
        long cacheNanos = settings.tokenCacheTtl().toNanos();
        long graceMillis = settings.expiredMarkerGrace().toMillis();
        // upkeep on the calling loop, not handed to the common pool (see AppRegistry)
        this.cache = cacheNanos == 0 ? null : Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(MAX_CACHED_TOKENS)
                .expireAfter(Expiry.<String, Grant>creating((hash, grant) -> {
                    long untilGone = TimeUnit.MILLISECONDS.toNanos(grant.expiresAtMillis() + graceMillis
                            - System.currentTimeMillis());
                    return Duration.ofNanos(Math.max(0, Math.min(cacheNanos, untilGone)));
                }))
                .build();
    }

    /** Stores a new token for the app's secret {@code secretId}; fulfils with its plain value. */
    public Promise<Issued> issue(String appid, String secretId) {
        String token = Secrets.random();
        long expiresAt = System.currentTimeMillis() + ttl.toMillis();
        return redis.set(key(token), expiresAt + " " + secretId + " " + appid, keep)
                .then(ok -> new Issued(token, ttl));
    }

    /** What {@code token} stands for, or null when Redis does not know it (never issued, or long gone). */
    public Promise<Grant> find(String token) {
        String hash = Secrets.sha256Hex(token);
        Grant cached = cache == null ? null : cache.getIfPresent(hash);
        if (cached != null) {
            return Promise.resolve(Loop.current(), cached);
        }
        return redis.get(KEY + hash).then(value -> {
            Grant grant = value == null ? null : parse(hash, value);
            if (grant != null && cache != null) {
                cache.put(hash, grant);
            }
            return grant;
        });
    }

    private static String key(String token) {
        return KEY + Secrets.sha256Hex(token);
    }

    private static Grant parse(String hash, String value) {
        String[] parts = value.split(" ", 3);
        if (parts.length == 3 && parts[0].matches("\\d{1,18}")) {
            return new Grant(parts[2], parts[1], Long.parseLong(parts[0]));
        }
        LOG.warn("token key {}{}... holds a malformed value; the token is treated as invalid", KEY, hash.substring(0, 8));
        return null;
    }
}
