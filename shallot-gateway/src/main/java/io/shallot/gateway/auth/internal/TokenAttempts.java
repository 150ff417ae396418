package io.shallot.gateway.auth.internal;

import io.lettuce.core.ScriptOutputType;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.auth.AuthSettings;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import java.util.Map;

/**
 * Failed {@code POST /oauth/token} calls per client_id and client address, counted in Redis so
 * every gateway process sees the same count: past {@link AuthSettings#tokenFailures()} within
 * {@link AuthSettings#tokenFailureWindow()} the endpoint refuses with
 * {@link Refusal#TOKEN_ATTEMPTS_LIMITED} (429, {@code Retry-After}: the rest of the window) before
 * it looks at the secret. A success clears the count. The key is a hash of both, so its length does
 * not depend on what a client sends: {@code <prefix>gateway:tokenfail:<sha256 hex>}.
 *
 * <p>Call on a loop thread; the promises settle there and reject with Lettuce's exception when
 * Redis fails (the caller turns that into a 503).
 */
public final class TokenAttempts {
    private static final String KEY = "gateway:tokenfail:";
    /** Counts a failure; the first one of a window (or a key that lost its expiry) starts the window. */
    private static final String COUNT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";
    /** 0 while attempts are allowed, else the milliseconds until they are again. */
    private static final String WAIT = """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n < tonumber(ARGV[1]) then return 0 end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 1 then return 1 end
            return ttl""";

    private final Redis redis;
    private final String maxFailures;
    private final String windowMillis;

    public TokenAttempts(Redis redis, AuthSettings settings) {
        this.redis = redis;
        this.maxFailures = Integer.toString(settings.tokenFailures());
        this.windowMillis = Long.toString(settings.tokenFailureWindow().toMillis());
    }

    /** Fulfils when {@code clientId} may try from {@code address}; rejects with the 429 while it may not. */
    public Promise<Void> check(String clientId, String address) {
        return eval(WAIT, clientId, address, maxFailures).then(waitMillis -> {
            if (waitMillis > 0) {
                long seconds = Math.max(1, (waitMillis + 999) / 1000);
                throw Refusal.TOKEN_ATTEMPTS_LIMITED.exception(Map.of("Retry-After", Long.toString(seconds)));
            }
            return null;
        });
    }

    public Promise<Void> failed(String clientId, String address) {
        return eval(COUNT, clientId, address, windowMillis).then(count -> null);
    }

    public Promise<Void> succeeded(String clientId, String address) {
        return redis.del(KEY + Secrets.sha256Hex(clientId + "\n" + address)).then(deleted -> null);
    }

    private Promise<Long> eval(String script, String clientId, String address, String arg) {
        String key = redis.key(KEY + Secrets.sha256Hex(clientId + "\n" + address));
        return Promise.from(Loop.current(),
                redis.commands().<Long>eval(script, ScriptOutputType.INTEGER, new String[] {key}, arg));
    }
}
