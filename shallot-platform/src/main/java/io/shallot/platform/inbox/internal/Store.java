package io.shallot.platform.inbox.internal;

import io.shallot.loop.Promise;
import io.shallot.mvc.cache.RedisCall;
import java.util.concurrent.CompletionStage;

/** Redis calls of the inbox as promises on the caller's loop; a Redis failure is a 503 naming the message store. */
public final class Store {
    private static final String NAME = "the message store";

    private Store() {
    }

    public static <T> Promise<T> call(CompletionStage<T> stage) {
        return RedisCall.of(NAME, stage);
    }
}
