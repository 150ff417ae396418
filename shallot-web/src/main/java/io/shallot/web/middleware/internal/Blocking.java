package io.shallot.web.middleware.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

/** Blocking calls the loop's {@code Fs} does not offer, run on a virtual thread, settled on the loop. */
public final class Blocking {
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("shallot-blocking-", 0).factory();

    private Blocking() {
    }

    public static <T> Promise<T> call(Loop loop, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        VIRTUAL.newThread(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).start();
        return Promise.from(loop, result);
    }
}
