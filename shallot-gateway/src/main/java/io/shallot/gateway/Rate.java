package io.shallot.gateway;

import java.time.Duration;

/**
 * A rate: {@code limit} requests per {@code period}, with up to {@code burst} of them at once
 * (GCRA's tolerance; {@code burst == limit} lets a whole period's worth arrive together).
 */
public record Rate(long limit, Duration period, long burst) {
    public Rate {
        if (limit <= 0) {
            throw new IllegalArgumentException("rate limit must be positive, got " + limit);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate period must be positive, got " + period);
        }
        burst = burst <= 0 ? limit : burst;
    }

    public static Rate perSecond(long limit) {
        return new Rate(limit, Duration.ofSeconds(1), limit);
    }

    /** The spacing between requests at the steady rate (GCRA's emission interval), in nanoseconds. */
    public long intervalNanos() {
        return Math.max(1, period.toNanos() / limit);
    }
}
