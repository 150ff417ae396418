package io.shallot.loop;

/** One outcome of {@link Promise#allSettled}: a value, or the reason of a rejection. */
public record Settled<T>(boolean fulfilled, T value, Throwable reason) {

    public static <T> Settled<T> fulfilled(T value) {
        return new Settled<>(true, value, null);
    }

    public static <T> Settled<T> rejected(Throwable reason) {
        return new Settled<>(false, null, reason);
    }
}
