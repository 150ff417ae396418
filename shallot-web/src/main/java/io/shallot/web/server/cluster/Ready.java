package io.shallot.web.server.cluster;

/**
 * PM2's {@code process.send('ready')}: with {@code wait_ready: true} in its ecosystem file, an app
 * run by the shallot daemon is not given traffic (cluster mode) or shown online (fork mode) until it
 * calls {@link #signal()}, typically after its caches are warm; {@code listen_timeout} bounds the
 * wait. Outside the daemon it does nothing. Thread-safe, idempotent.
 */
public final class Ready {
    private Ready() {
    }

    public static void signal() {
        ClusterAgent agent = ClusterAgent.get();
        if (agent != null) {
            agent.ready();
        }
    }

    /** Whether this process was started by the shallot daemon. */
    public static boolean supervised() {
        return ClusterAgent.get() != null;
    }
}
