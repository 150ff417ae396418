package io.shallot.gateway.shed;

import java.time.Duration;

/**
 * When the gateway counts as overloaded and how it sheds; bind it strictly with
 * {@code config.view("shedding", ShedSettings.class)}. Every field has a default.
 *
 * <p>A signal above its high watermark is pressure; all signals below their low watermarks is
 * calm; in between the level holds. Pressure that lasts {@code raiseAfter} raises the shed level
 * by one (and again after each further {@code raiseAfter}); calm that lasts {@code coolDown}
 * lowers it by one (and again after each further {@code coolDown}). The gap between the
 * watermarks and the longer cool-down keep the level from flapping.
 *
 * @param sampleInterval how often the signals are sampled (default 50ms)
 * @param probeInterval  the period of the timer on each loop whose lateness is the loop delay
 *                       (default 10ms, as Node's {@code monitorEventLoopDelay})
 * @param delayHigh      loop delay above this, on any loop, is pressure (default 50ms)
 * @param delayLow       loop delay below this, on every loop, is calm (default 10ms)
 * @param inFlightHigh   more admitted requests in progress than this is pressure (default 5000)
 * @param inFlightLow    fewer than this is calm (default 4000)
 * @param cpuHigh        process CPU load above this share of the machine (0..1) is pressure
 *                       (default 0.95; 1 turns the CPU signal off; it is ignored where the JVM
 *                       cannot measure it). With several gateway processes per host, lower it
 *                       to that process's share or leave it to the loop delay
 * @param cpuLow         process CPU load below this is calm (default 0.80)
 * @param raiseAfter     how long pressure must last before the level goes up a step (default 1s:
 *                       one stall, from class loading and JIT in the first requests, a GC pause
 *                       or a neighbour's burst, is not an overload that shedding would cure)
 * @param coolDown       how long calm must last before the level goes down a step (default 2s)
 * @param retryAfter     the {@code Retry-After} of a shed request, rounded up to seconds (default 2s)
 */
public record ShedSettings(Duration sampleInterval, Duration probeInterval, Duration delayHigh, Duration delayLow,
                           Long inFlightHigh, Long inFlightLow, Double cpuHigh, Double cpuLow,
                           Duration raiseAfter, Duration coolDown, Duration retryAfter) {

    public ShedSettings {
        sampleInterval = positive(sampleInterval, Duration.ofMillis(50), "sampleInterval");
        probeInterval = positive(probeInterval, Duration.ofMillis(10), "probeInterval");
        delayHigh = positive(delayHigh, Duration.ofMillis(50), "delayHigh");
        delayLow = positive(delayLow, Duration.ofMillis(10), "delayLow");
        inFlightHigh = inFlightHigh == null ? 5000 : inFlightHigh;
        inFlightLow = inFlightLow == null ? 4000 : inFlightLow;
        cpuHigh = cpuHigh == null ? 0.95 : cpuHigh;
        cpuLow = cpuLow == null ? 0.80 : cpuLow;
        raiseAfter = raiseAfter == null ? Duration.ofSeconds(1) : nonNegative(raiseAfter, "raiseAfter");
        coolDown = coolDown == null ? Duration.ofSeconds(2) : nonNegative(coolDown, "coolDown");
        retryAfter = positive(retryAfter, Duration.ofSeconds(2), "retryAfter");
        if (probeInterval.toMillis() < 1) {
            throw new IllegalArgumentException("probeInterval must be at least 1ms (a loop timer's resolution), got " + probeInterval);
        }
        if (delayLow.compareTo(delayHigh) >= 0) {
            throw new IllegalArgumentException("delayLow (" + delayLow + ") must be below delayHigh (" + delayHigh + ")");
        }
        if (inFlightLow < 0 || inFlightLow >= inFlightHigh) {
            throw new IllegalArgumentException("inFlightLow (" + inFlightLow + ") must be 0 or more and below inFlightHigh ("
                    + inFlightHigh + ")");
        }
        if (!(cpuLow > 0 && cpuLow < cpuHigh && cpuHigh <= 1)) {
            throw new IllegalArgumentException("cpu watermarks must satisfy 0 < cpuLow < cpuHigh <= 1, got cpuLow " + cpuLow
                    + ", cpuHigh " + cpuHigh);
        }
    }

    public static ShedSettings defaults() {
        return new ShedSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    public ShedSettings withDelay(Duration low, Duration high) {
        return new ShedSettings(sampleInterval, probeInterval, high, low, inFlightHigh, inFlightLow, cpuHigh, cpuLow,
                raiseAfter, coolDown, retryAfter);
    }

    public ShedSettings withInFlight(long low, long high) {
        return new ShedSettings(sampleInterval, probeInterval, delayHigh, delayLow, high, low, cpuHigh, cpuLow,
                raiseAfter, coolDown, retryAfter);
    }

    public ShedSettings withCpu(double low, double high) {
        return new ShedSettings(sampleInterval, probeInterval, delayHigh, delayLow, inFlightHigh, inFlightLow, high, low,
                raiseAfter, coolDown, retryAfter);
    }

    public ShedSettings withTiming(Duration sample, Duration raise, Duration cool) {
        return new ShedSettings(sample, probeInterval, delayHigh, delayLow, inFlightHigh, inFlightLow, cpuHigh, cpuLow,
                raise, cool, retryAfter);
    }

    public ShedSettings withRetryAfter(Duration value) {
        return new ShedSettings(sampleInterval, probeInterval, delayHigh, delayLow, inFlightHigh, inFlightLow, cpuHigh,
                cpuLow, raiseAfter, coolDown, value);
    }

    /** {@link #retryAfter} in whole seconds, rounded up. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static Duration nonNegative(Duration value, String name) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }
}
