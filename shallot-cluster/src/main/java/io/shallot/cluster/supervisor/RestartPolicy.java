package io.shallot.cluster.supervisor;

import io.shallot.cluster.config.AppSpec;

/**
 * Whether and when an exited instance comes back: a pure function of the app's restart settings,
 * the exit and the instance's history, so every rule is tested without a process or a sleep.
 *
 * <ul>
 *   <li>an exit the daemon asked for (stop, reload, delete) is final;</li>
 *   <li>{@code autorestart: false}, or an exit code in {@code stop_exit_codes}: stopped;</li>
 *   <li>an exit before {@code min_uptime} is unstable; more than {@code max_restarts} unstable exits
 *       in a row: errored, and no more restarts (no restart storm); a run that reached
 *       {@code min_uptime} resets the count;</li>
 *   <li>delay: {@code exp_backoff_restart_delay} when set (first delay that value, then ×1.5 per
 *       restart, capped at 15 s, back to the start after 30 s of stable uptime), else
 *       {@code restart_delay}.</li>
 * </ul>
 */
public record RestartPolicy(AppSpec.Restart settings) {
    public static final long BACKOFF_CAP_MS = 15_000;
    public static final long BACKOFF_RESET_UPTIME_MS = 30_000;

    /** How a process ended: its exit code (128+signal when killed), how long it ran, and whether we asked. */
    public record Exit(int code, long uptimeMs, boolean requested) {
    }

    /** What the instance went through so far. */
    public record History(int restarts, int unstableRestarts, long lastBackoffMs) {
        public static History fresh() {
            return new History(0, 0, 0);
        }
    }

    public sealed interface Decision {
        History history();

        record Restart(long delayMs, History history) implements Decision {
        }

        record Stop(String reason, History history) implements Decision {
        }

        record Errored(String reason, History history) implements Decision {
        }
    }

    public Decision decide(Exit exit, History history) {
        if (exit.requested()) {
            return new Decision.Stop("stopped", history);
        }
        if (!settings.autorestart()) {
            return new Decision.Stop("exited with code " + exit.code() + "; autorestart is off", history);
        }
        if (settings.stopExitCodes().contains(exit.code())) {
            return new Decision.Stop("exited with code " + exit.code() + ", one of stop_exit_codes", history);
        }
        boolean unstable = exit.uptimeMs() < settings.minUptimeMs();
        int unstableRestarts = unstable ? history.unstableRestarts() + 1 : 0;
        if (unstableRestarts > settings.maxRestarts()) {
            return new Decision.Errored("exited with code " + exit.code() + " after " + exit.uptimeMs() + " ms, "
                    + history.unstableRestarts() + " unstable restarts in a row (each ran less than min_uptime "
                    + settings.minUptimeMs() + " ms; max_restarts is " + settings.maxRestarts() + ")",
                    new History(history.restarts(), unstableRestarts, history.lastBackoffMs()));
        }
        long delay;
        long backoff = 0;
        if (settings.expBackoffRestartDelayMs() > 0) {
            boolean reset = history.lastBackoffMs() == 0 || exit.uptimeMs() >= BACKOFF_RESET_UPTIME_MS;
            backoff = reset ? settings.expBackoffRestartDelayMs()
                    : Math.min(BACKOFF_CAP_MS, Math.round(history.lastBackoffMs() * 1.5));
            delay = backoff;
        } else {
            delay = settings.restartDelayMs();
        }
        return new Decision.Restart(delay, new History(history.restarts() + 1, unstableRestarts, backoff));
    }
}
