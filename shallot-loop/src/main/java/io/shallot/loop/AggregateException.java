package io.shallot.loop;

import java.util.List;

/** JavaScript's AggregateError: why {@link Promise#any} rejected, one reason per input. */
public final class AggregateException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Throwable> errors;

    public AggregateException(List<Throwable> errors) {
        super("All promises were rejected", null, true, false);
        this.errors = List.copyOf(errors);
        errors.forEach(this::addSuppressed);
    }

    public List<Throwable> errors() {
        return errors;
    }
}
