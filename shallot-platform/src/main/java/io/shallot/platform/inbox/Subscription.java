package io.shallot.platform.inbox;

/** A user's event stream; closing it stops the events and frees its place. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Idempotent; from any thread. */
    @Override
    void close();
}
