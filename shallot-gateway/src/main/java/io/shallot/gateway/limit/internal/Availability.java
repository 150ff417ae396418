package io.shallot.gateway.limit.internal;

import io.shallot.gateway.limit.RateLimit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the limiter can reach Redis. A failed or timed-out check starts an outage, logged once
 * at WARN; while it lasts, checks skip Redis except one probe per interval, so a dead or hanging
 * server costs no request a timeout; the first probe that succeeds ends it, logged once at INFO.
 *
 * <p>Threading: thread-safe, lock-free.
 */
public final class Availability {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimit.class);

    private final String server;
    private final String whileDown;
    private final long probeIntervalNanos;
    private final LongSupplier clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();

    /**
     * @param whileDown what the limiter does during an outage, for the log line
     * @param clock     a monotonic clock in nanoseconds
     */
    public Availability(String server, String whileDown, long probeIntervalNanos, LongSupplier clock) {
        this.server = server;
        this.whileDown = whileDown;
        this.probeIntervalNanos = probeIntervalNanos;
        this.clock = clock;
    }

    /** Whether this check should ask Redis: always when up; during an outage, one caller per interval. */
    public boolean tryRedis() {
        if (!down.get()) {
            return true;
        }
        long due = nextProbe.get();
        long now = clock.getAsLong();
        return now - due >= 0 && nextProbe.compareAndSet(due, now + probeIntervalNanos);
    }

    public void succeeded() {
        if (down.compareAndSet(true, false)) {
            LOG.info("Redis at {} answers again; rate limits are shared by all gateway processes again", server);
        }
    }

    public void failed(Throwable error) {
        nextProbe.set(clock.getAsLong() + probeIntervalNanos);
        if (down.compareAndSet(false, true)) {
            outages.incrementAndGet();
            LOG.warn("Redis at {} is unavailable for rate limits ({}); {} until it answers again", server, error.toString(),
                    whileDown);
        }
    }

    public boolean isDown() {
        return down.get();
    }

    /** How many outages began (each was logged once). */
    public long outages() {
        return outages.get();
    }
}
