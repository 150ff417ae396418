package io.shallot.gateway.shed.internal;

import io.shallot.gateway.shed.ShedSettings;

/**
 * One sample of the overload signals.
 *
 * @param delayNanos the worst loop delay since the previous sample
 * @param inFlight   admitted requests in progress
 * @param cpuLoad    the process's CPU load (0..1), NaN when unknown (then it counts as calm)
 */
public record Signals(long delayNanos, long inFlight, double cpuLoad) {

    public Pressure pressure(ShedSettings settings) {
        if (delayNanos > settings.delayHigh().toNanos() || inFlight > settings.inFlightHigh()
                || cpuLoad > settings.cpuHigh()) {
            return Pressure.HIGH;
        }
        boolean cpuCalm = Double.isNaN(cpuLoad) || cpuLoad < settings.cpuLow();
        if (delayNanos < settings.delayLow().toNanos() && inFlight < settings.inFlightLow() && cpuCalm) {
            return Pressure.LOW;
        }
        return Pressure.NORMAL;
    }
}
