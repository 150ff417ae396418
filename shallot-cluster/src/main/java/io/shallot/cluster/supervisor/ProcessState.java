package io.shallot.cluster.supervisor;

/**
 * Where one instance is in its life; {@link #label()} is what {@code shallot ls} prints (PM2's words).
 * Transitions (made only by {@link AppSupervisor}, on the daemon loop):
 * launching → online → stopping → stopped; any running state → waiting restart / errored / stopped
 * when the process exits, as {@link RestartPolicy} decides.
 */
public sealed interface ProcessState {

    String label();

    /** Has a live process right now. */
    default boolean running() {
        return false;
    }

    /** Started, not ready yet (waiting for READY or listening, within listen_timeout). */
    record Launching(long pid, long sinceMs) implements ProcessState {
        public String label() {
            return "launching";
        }

        public boolean running() {
            return true;
        }
    }

    /** Ready: in cluster mode it receives connections. */
    record Online(long pid, long sinceMs) implements ProcessState {
        public String label() {
            return "online";
        }

        public boolean running() {
            return true;
        }
    }

    /** Asked to finish in-flight work and exit; killed when kill_timeout passes. */
    record Stopping(long pid, String reason) implements ProcessState {
        public String label() {
            return "stopping";
        }

        public boolean running() {
            return true;
        }
    }

    /** Exited; comes back at {@code atMs} (restart_delay or the back-off). */
    record WaitingRestart(long atMs, long delayMs, int lastExitCode) implements ProcessState {
        public String label() {
            return "waiting restart";
        }
    }

    /** Not running and not coming back by itself. */
    record Stopped(String reason) implements ProcessState {
        public String label() {
            return "stopped";
        }
    }

    /** Gave up: too many unstable restarts (or it could not be launched at all). */
    record Errored(String reason) implements ProcessState {
        public String label() {
            return "errored";
        }
    }
}
