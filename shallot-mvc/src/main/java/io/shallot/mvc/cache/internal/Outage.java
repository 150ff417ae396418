package io.shallot.mvc.cache.internal;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks whether Redis is reachable. The first failure of an outage is logged once, and while
 * the outage lasts callers skip Redis, except one probe per interval that finds out when it is
 * back (logged once too). A command the server rejected (WRONGTYPE and the like) is an answer,
 * not an outage.
 */
public final class Outage {
    private static final Logger LOG = LoggerFactory.getLogger(Outage.class);

    private final String server;
    private final long probeIntervalNanos;
    private final LongSupplier clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();

    public Outage(String server, long probeIntervalNanos, LongSupplier clock) {
        this.server = server;
        this.probeIntervalNanos = probeIntervalNanos;
        this.clock = clock;
    }

    /** Whether to skip Redis now; during an outage one caller per interval is let through to probe. */
    public boolean skip() {
        if (!down.get()) {
            return false;
        }
        long due = nextProbe.get();
        long now = clock.getAsLong();
        return now - due < 0 || !nextProbe.compareAndSet(due, now + probeIntervalNanos);
    }

    /** Reports the outcome of one command: {@code error} null for success. */
    public void record(Throwable error) {
        if (error == null || error instanceof RedisCommandExecutionException) {
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis at {} is available again", server);
            }
            return;
        }
        nextProbe.set(clock.getAsLong() + probeIntervalNanos);
        if (down.compareAndSet(false, true)) {
            outages.incrementAndGet();
            LOG.warn("Redis at {} is unavailable ({}); caches fall back to their loaders until it is back",
                    server, error.toString());
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
