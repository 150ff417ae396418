package io.shallot.loop;

/**
 * Carries, as its stack trace, where a loop thread was stuck when the watchdog saw one callback
 * hold it past the threshold. Only logged, never thrown.
 */
public final class BlockedLoopException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BlockedLoopException(String loopName, long heldMs, long thresholdMs) {
        super("event loop " + loopName + " blocked: one callback has held it for " + heldMs
                + " ms (threshold " + thresholdMs + " ms); move blocking or CPU-heavy work to"
                + " loop.offload(...) or a virtual thread. Stack of the blocking code:", null, false, true);
    }
}
