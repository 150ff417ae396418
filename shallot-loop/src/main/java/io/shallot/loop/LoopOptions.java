package io.shallot.loop;

import java.util.function.Consumer;

/**
 * Settings of a {@link Loop}.
 *
 * @param threadName           name (prefix) of the loop thread
 * @param blockedThresholdMs   a callback holding the loop longer than this is reported once with
 *                             its stack by the watchdog (default 200; 0 disables)
 * @param delayResolutionMs    how often the loop delay is sampled (default 10, as Node's
 *                             {@code monitorEventLoopDelay}; 0 disables)
 * @param shutdownTimeoutMs    how long {@link Loop#shutdown()} lets queued work finish (default 2000)
 * @param onUncaughtException  receives what a callback threw; null logs it at ERROR
 * @param onUnhandledRejection receives the reason of a promise rejected with no handler after the
 *                             microtask queue drained; null logs it at ERROR
 * @param onBlocked            also receives each watchdog report (for metrics); null only logs
 */
public record LoopOptions(
        String threadName,
        long blockedThresholdMs,
        long delayResolutionMs,
        long shutdownTimeoutMs,
        Consumer<Throwable> onUncaughtException,
        Consumer<Throwable> onUnhandledRejection,
        Consumer<BlockedLoopException> onBlocked) {

    public LoopOptions {
        if (threadName == null || threadName.isBlank()) {
            throw new IllegalArgumentException("threadName must not be blank");
        }
        if (blockedThresholdMs < 0 || delayResolutionMs < 0 || shutdownTimeoutMs < 0) {
            throw new IllegalArgumentException("durations must be >= 0: blockedThresholdMs=" + blockedThresholdMs
                    + ", delayResolutionMs=" + delayResolutionMs + ", shutdownTimeoutMs=" + shutdownTimeoutMs);
        }
    }

    public static LoopOptions defaults() {
        return new LoopOptions("shallot-loop", 200, 10, 2000, null, null, null);
    }

    public LoopOptions withThreadName(String name) {
        return new LoopOptions(name, blockedThresholdMs, delayResolutionMs, shutdownTimeoutMs, onUncaughtException, onUnhandledRejection, onBlocked);
    }

    public LoopOptions withBlockedThresholdMs(long ms) {
        return new LoopOptions(threadName, ms, delayResolutionMs, shutdownTimeoutMs, onUncaughtException, onUnhandledRejection, onBlocked);
    }

    public LoopOptions withDelayResolutionMs(long ms) {
        return new LoopOptions(threadName, blockedThresholdMs, ms, shutdownTimeoutMs, onUncaughtException, onUnhandledRejection, onBlocked);
    }

    public LoopOptions withShutdownTimeoutMs(long ms) {
        return new LoopOptions(threadName, blockedThresholdMs, delayResolutionMs, ms, onUncaughtException, onUnhandledRejection, onBlocked);
    }

    public LoopOptions withOnUncaughtException(Consumer<Throwable> handler) {
        return new LoopOptions(threadName, blockedThresholdMs, delayResolutionMs, shutdownTimeoutMs, handler, onUnhandledRejection, onBlocked);
    }

    public LoopOptions withOnBlocked(Consumer<BlockedLoopException> handler) {
        return new LoopOptions(threadName, blockedThresholdMs, delayResolutionMs, shutdownTimeoutMs, onUncaughtException, onUnhandledRejection, handler);
    }

    public LoopOptions withOnUnhandledRejection(Consumer<Throwable> handler) {
        return new LoopOptions(threadName, blockedThresholdMs, delayResolutionMs, shutdownTimeoutMs, onUncaughtException, handler, onBlocked);
    }
}
