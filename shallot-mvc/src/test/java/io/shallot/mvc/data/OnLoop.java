package io.shallot.mvc.data;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Runs a promise chain as the main script of a fresh {@link Loop#run} and returns its outcome. */
public final class OnLoop {
    private OnLoop() {
    }

    /** The fulfilled value; a rejection is rethrown (checked ones wrapped in CompletionException). */
    public static <T> T run(Function<Loop, Promise<T>> body) {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Loop.run(loop -> body.apply(loop).then(v -> {
            value.set(v);
            return null;
        }, e -> {
            error.set(e);
            return null;
        }));
        Throwable e = error.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e != null) {
            throw new CompletionException(e);
        }
        return value.get();
    }

    /** The rejection of the chain; fails when it fulfilled. */
    @SuppressWarnings("unchecked")
    public static Throwable failure(Function<Loop, Promise<?>> body) {
        try {
            run(loop -> (Promise<Object>) body.apply(loop));
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the promise to reject, but it fulfilled");
    }
}
