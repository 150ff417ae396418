package io.shallot.testing;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Runs a script on a fresh loop until the loop ends, and hands back how its promise settled. */
public final class OnLoop {
    private OnLoop() {
    }

    /** The value the script's promise fulfilled with; fails the test when it rejected. */
    public static <T> T run(Function<Loop, Promise<T>> script) {
        Outcome<T> outcome = settle(script);
        if (outcome.error != null) {
            throw new AssertionError("expected the promise to fulfil, but it rejected: " + outcome.error, outcome.error);
        }
        return outcome.value;
    }

    /** The rejection of the script's promise; fails the test when it fulfilled. */
    public static Throwable failure(Function<Loop, Promise<?>> script) {
        Outcome<?> outcome = settle(script::apply);
        if (outcome.error == null) {
            throw new AssertionError("expected the promise to reject, but it fulfilled with " + outcome.value);
        }
        return outcome.error;
    }

    private static <T> Outcome<T> settle(Function<Loop, Promise<T>> script) {
        AtomicReference<Outcome<T>> result = new AtomicReference<>();
        Loop.run(loop -> script.apply(loop).then(
                value -> {
                    result.set(new Outcome<>(value, null));
                    return null;
                },
                error -> {
                    result.set(new Outcome<>(null, error));
                    return null;
                }));
        if (result.get() == null) {
            throw new AssertionError("the loop ended before the promise settled");
        }
        return result.get();
    }

    private record Outcome<T>(T value, Throwable error) {
    }
}
