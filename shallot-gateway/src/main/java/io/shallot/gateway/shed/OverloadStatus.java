package io.shallot.gateway.shed;

/**
 * The overload detector's last sample, for metrics and health pages: read-only, replaced whole at
 * every sample.
 *
 * @param level           0 (shed nothing) … 3 (shed every priority but 0)
 * @param loopDelayMillis the worst loop delay over the watched loops since the previous sample
 * @param inFlight        admitted requests in progress
 * @param cpuLoad         the process's CPU load as a share of the machine (0..1); NaN where the
 *                        JVM cannot measure it
 */
public record OverloadStatus(int level, double loopDelayMillis, long inFlight, double cpuLoad) {
}
