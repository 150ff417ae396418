package io.shallot.loop;

/** Node's error-first callback: exactly one of {@code error} and {@code value} is meaningful. */
@FunctionalInterface
public interface Callback<T> {
    void call(Throwable error, T value);
}
