package io.shallot.gateway.shed.internal;

/**
 * The shed level as a state machine over time: {@link Pressure#HIGH} that lasts
 * {@code raiseAfterNanos} raises the level a step, {@link Pressure#LOW} that lasts
 * {@code coolDownNanos} lowers it a step, and each step restarts the count, so sustained pressure
 * climbs one step per period and recovery descends one step per cool-down.
 * {@link Pressure#NORMAL} holds the level and restarts both counts.
 *
 * <p>Pure: time comes in as an argument. Not thread-safe; one sampler drives it.
 */
public final class Hysteresis {
    public static final int MAX_LEVEL = 3;

    private final long raiseAfterNanos;
    private final long coolDownNanos;
    private int level;
    private Pressure run = Pressure.NORMAL;
    private long runSince;

    public Hysteresis(long raiseAfterNanos, long coolDownNanos) {
        this.raiseAfterNanos = raiseAfterNanos;
        this.coolDownNanos = coolDownNanos;
    }

    /** Takes one sample at {@code nowNanos} (monotonic) and answers the level from now on. */
    public int update(long nowNanos, Pressure pressure) {
        if (pressure != run) {
            run = pressure;
            runSince = nowNanos;
        }
        if (pressure == Pressure.HIGH && level < MAX_LEVEL && nowNanos - runSince >= raiseAfterNanos) {
            level++;
            runSince = nowNanos;
        } else if (pressure == Pressure.LOW && level > 0 && nowNanos - runSince >= coolDownNanos) {
            level--;
            runSince = nowNanos;
        }
        return level;
    }

    public int level() {
        return level;
    }
}
