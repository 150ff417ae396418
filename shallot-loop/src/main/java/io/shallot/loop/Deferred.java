package io.shallot.loop;

import java.util.Objects;

/**
 * A pending {@link Promise} with its resolving functions. {@link #resolve} and {@link #reject}
 * may be called from any thread (they hop onto the promise's loop); only the first call counts.
 */
public final class Deferred<T> {
    private final Promise<T> promise;

    Deferred(Promise<T> promise) {
        this.promise = promise;
    }

    public Promise<T> promise() {
        return promise;
    }

    public void resolve(T value) {
        promise.fulfillFromAnyThread(value);
    }

    public void reject(Throwable reason) {
        promise.rejectFromAnyThread(reason);
    }

    /**
     * Settles like {@code other}, as JS's {@code resolve(thenable)} does (two microtask hops later):
     * what an {@code async} function returning a promise does to its own promise.
     */
    public void resolveWith(Promise<? extends T> other) {
        Objects.requireNonNull(other, "other");
        if (promise.loop.inLoop()) {
            promise.adopt(other);
        } else {
            promise.loop.execute(() -> promise.adopt(other));
        }
    }
}
