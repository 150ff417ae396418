package io.shallot.gateway.limit.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.shallot.mvc.cache.Redis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link Gcra} shared by every gateway process: both limits of an {@link Ask} are checked and
 * charged by one Lua script ({@code gcra.lua}) that Redis runs atomically on its own clock. Keys
 * get the {@link Redis#key prefix} and expire when their limit is full again, so idle apps leave
 * nothing behind.
 *
 * <p>The script is sent by its SHA-1 ({@code EVALSHA}); a server that does not know it (restarted,
 * failed over, {@code SCRIPT FLUSH}) answers {@code NOSCRIPT} and gets the whole script once with
 * {@code EVAL}, which also caches it there.
 *
 * <p>Threading: thread-safe. Errors: the future fails with Lettuce's exception, or with a
 * {@link java.util.concurrent.TimeoutException} after the given timeout.
 */
public final class RedisGcra {
    static final String SCRIPT = read("gcra.lua");
    private static final int VALUES_PER_KEY = 4;

    private final Redis redis;
    private final String sha;

    public RedisGcra(Redis redis) {
        this.redis = redis;
        this.sha = redis.commands().digest(SCRIPT);
    }

    public CompletableFuture<Decision> acquire(Ask ask, Duration timeout) {
        List<String> keys = new ArrayList<>(2);
        List<String> args = new ArrayList<>(4);
        if (ask.api() != null) {
            keys.add(redis.key(ask.apiKey()));
            args.add(Long.toString(Gcra.intervalMicros(ask.api())));
            args.add(Long.toString(Gcra.toleranceMicros(ask.api())));
        }
        if (ask.app() != null) {
            keys.add(redis.key(ask.appKey()));
            args.add(Long.toString(Gcra.intervalMicros(ask.app())));
            args.add(Long.toString(Gcra.toleranceMicros(ask.app())));
        }
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        RedisAsyncCommands<String, String> commands = redis.commands();
        CompletableFuture<List<Object>> reply = commands.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keyArray, argArray)
                .toCompletableFuture()
                .exceptionallyCompose(error -> cause(error) instanceof RedisNoScriptException
                        ? commands.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keyArray, argArray).toCompletableFuture()
                        : CompletableFuture.failedFuture(cause(error)));
        return reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).thenApply(values -> decode(ask, values));
    }

    private static Decision decode(Ask ask, List<Object> values) {
        int at = 0;
        Quota api = null;
        Quota app = null;
        if (ask.api() != null) {
            api = quota(ask.api().burst(), values, at);
            at += VALUES_PER_KEY;
        }
        if (ask.app() != null) {
            app = quota(ask.app().burst(), values, at);
        }
        return new Decision(api, app);
    }

    private static Quota quota(long limit, List<Object> values, int at) {
        return new Quota(number(values, at) == 1, limit, number(values, at + 1), number(values, at + 2),
                number(values, at + 3));
    }

    private static long number(List<Object> values, int index) {
        if (values == null || index >= values.size() || !(values.get(index) instanceof Long n)) {
            throw new IllegalStateException("the rate-limit script answered " + values + "; expected four integers per key");
        }
        return n;
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String read(String resource) {
        try (InputStream in = RedisGcra.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath next to " + RedisGcra.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
