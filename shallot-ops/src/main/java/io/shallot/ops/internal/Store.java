package io.shallot.ops.internal;

import io.lettuce.core.RedisException;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Redis calls as promises on the caller's loop. A store that cannot answer (down, timed out) is a
 * 503 the client may retry, never a 500 with a driver's message: a script runs as a whole or not
 * at all, so nothing was half changed.
 */
public final class Store {
    private Store() {
    }

    public static <T> Promise<T> call(String what, CompletionStage<T> stage) {
        Loop loop = Loop.current();
        return Promise.from(loop, stage).recoverWith(error -> Promise.reject(loop, error instanceof RedisException
                ? new HttpException(503, -1, what + " is unavailable; try again", Map.of(), error)
                : error));
    }
}
