package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Rate;

/**
 * GCRA, the generic cell rate algorithm, in microseconds. A limit remembers one number, its
 * theoretical arrival time (TAT): the moment it would be full again. A request at {@code now}
 * moves the TAT one emission interval later and is admitted when the TAT then lies at most the
 * tolerance ({@code burst} intervals) ahead of {@code now}; a refused request moves nothing.
 *
 * <p>Admitted requests therefore never exceed {@code burst + elapsed / interval}, whatever the
 * arrival pattern, and a client that keeps asking gets exactly one request per interval once its
 * burst is spent. {@code gcra.lua} runs the same arithmetic in Redis; keep the two in step.
 */
public final class Gcra {
    private Gcra() {
    }

    /** The spacing of requests at the steady rate. */
    public static long intervalMicros(Rate rate) {
        return Math.max(1, rate.intervalNanos() / 1_000);
    }

    /** How far ahead of now the TAT may be after an admitted request. */
    public static long toleranceMicros(Rate rate) {
        return intervalMicros(rate) * rate.burst();
    }

    /**
     * Checks one request against a limit whose TAT is {@code tat} ({@code now} or earlier when the
     * limit is full). When allowed, the new TAT is {@code now + resetMicros}.
     */
    public static Quota check(Rate rate, long tat, long now) {
        long interval = intervalMicros(rate);
        long tolerance = toleranceMicros(rate);
        long base = Math.max(tat, now);
        long next = base + interval;
        if (next - now <= tolerance) {
            return new Quota(true, rate.burst(), (now + tolerance - next) / interval, next - now, 0);
        }
        return new Quota(false, rate.burst(), 0, base - now, next - tolerance - now);
    }
}
