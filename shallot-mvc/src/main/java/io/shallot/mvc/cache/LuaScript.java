package io.shallot.mvc.cache;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script from the classpath, run by its SHA-1 ({@code EVALSHA}). A server that does not
 * know it (restarted, failed over, {@code SCRIPT FLUSH}) answers {@code NOSCRIPT} and is sent the
 * whole script once with {@code EVAL}, which also caches it there. Keys are passed as given: build
 * them with {@link Redis#key}. Thread-safe; the future is the caller's to bound or complete.
 */
public final class LuaScript {
    private final Redis redis;
    private final String source;
    private final String sha;

    public LuaScript(Redis redis, Class<?> owner, String resource) {
        this.redis = redis;
        this.source = read(owner, resource);
        this.sha = redis.commands().digest(source);
        // loaded ahead, so that the first burst of calls does not each meet NOSCRIPT and send the whole
        // script; if this fails, the first call does it
        redis.commands().scriptLoad(source);
    }

    /** The script's reply: Redis integers as Long, strings as String, arrays as List. */
    public CompletableFuture<List<Object>> run(String[] keys, String... args) {
        RedisAsyncCommands<String, String> commands = redis.commands();
        try {
            return commands.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                    .exceptionallyCompose(error -> cause(error) instanceof RedisNoScriptException
                            ? commands.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                            : CompletableFuture.failedFuture(cause(error)));
        } catch (RuntimeException e) {
            // Lettuce throws, rather than fails the future, once its client has been shut down
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource + " next to " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
