package io.shallot.cluster.config;

import java.util.Locale;

/** How an app's instances run: each its own process and port, or N workers behind one port. */
public enum ExecMode {
    /** Each instance is a plain process that binds its own sockets (PM2's fork mode). */
    FORK,
    /**
     * The daemon listens on the app's port and hands each accepted connection to the least-busy
     * ready worker as a file descriptor (node's cluster module; Linux epoll only).
     */
    CLUSTER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
