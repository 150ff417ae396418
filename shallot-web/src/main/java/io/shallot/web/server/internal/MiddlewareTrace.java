package io.shallot.web.server.internal;

/** Lets {@code Compose} record the last middleware entered, so a timed-out request can name it. */
public interface MiddlewareTrace {
    void entered(int index, String name);

    String lastEntered();
}
