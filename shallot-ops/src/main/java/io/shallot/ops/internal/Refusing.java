package io.shallot.ops.internal;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import java.util.function.Supplier;

/** Services answer every refusal the same way: as a rejected promise, never as a throw from the call. */
public final class Refusing {
    private Refusing() {
    }

    /** The promise {@code call} makes, or a rejected one when it refuses its input. */
    public static <T> Promise<T> call(Supplier<Promise<T>> call) {
        Loop loop = Loop.current();
        try {
            return call.get();
        } catch (HttpException refused) {
            return Promise.reject(loop, refused);
        }
    }
}
