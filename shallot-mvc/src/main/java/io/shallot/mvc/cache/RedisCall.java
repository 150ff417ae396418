package io.shallot.mvc.cache;

import io.lettuce.core.RedisException;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A Redis call (a command's or a {@link LuaScript}'s future) as a promise on the caller's loop. A
 * store that cannot answer (down, timed out) is a 503 the client may retry, never a 500 with a
 * driver's message: a command or a script runs as a whole or not at all, so nothing was half changed.
 */
public final class RedisCall {
    private RedisCall() {
    }

    /** {@code stage} on the current loop; a Redis failure rejects with a 503 naming {@code what}. */
    public static <T> Promise<T> of(String what, CompletionStage<T> stage) {
        Loop loop = Loop.current();
        return Promise.from(loop, stage).recoverWith(error -> Promise.reject(loop, error instanceof RedisException
                ? new HttpException(503, -1, what + " is unavailable; try again", Map.of(), error)
                : error));
    }
}
