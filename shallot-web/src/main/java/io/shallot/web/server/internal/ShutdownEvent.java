package io.shallot.web.server.internal;

/** Tells a connection the server is closing: finish what is in flight, then close. */
public enum ShutdownEvent {
    INSTANCE
}
