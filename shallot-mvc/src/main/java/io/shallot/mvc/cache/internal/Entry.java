package io.shallot.mvc.cache.internal;

/** A cached answer: a value, or "not found" ({@code value == null}), which is cached too. */
public record Entry<V>(V value) {
    private static final Entry<?> MISSING = new Entry<>(null);

    @SuppressWarnings("unchecked")
    public static <V> Entry<V> missing() {
        return (Entry<V>) MISSING;
    }

    public boolean found() {
        return value != null;
    }
}
