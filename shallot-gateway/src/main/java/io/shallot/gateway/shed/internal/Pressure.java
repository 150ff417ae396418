package io.shallot.gateway.shed.internal;

/** How the signals of one sample stand against the watermarks. */
public enum Pressure {
    /** Some signal is above its high watermark. */
    HIGH,
    /** Between the watermarks: the level holds. */
    NORMAL,
    /** Every signal is below its low watermark. */
    LOW
}
