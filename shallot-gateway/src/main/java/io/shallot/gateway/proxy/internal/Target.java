package io.shallot.gateway.proxy.internal;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target of an upstream and what this gateway process knows about it: requests in flight,
 * consecutive failures, passive ejection and the active health check's verdict. Shared by every
 * loop, so its state is atomic or volatile; decisions made from it (pick, eject) may race
 * harmlessly, e.g. two loops both picking the last free target.
 */
final class Target {
    private static final long ORIGIN = System.nanoTime();

    private final String url;
    private final String host;
    private final int port;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long ejectedUntilMs;
    private volatile boolean healthy = true;

    Target(String url) {
        URI uri = URI.create(url);
        this.url = url;
        this.host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /** Milliseconds on a monotonic clock that starts at zero, so "not ejected" can be 0. */
    static long nowMs() {
        return (System.nanoTime() - ORIGIN) / 1_000_000;
    }

    public String url() {
        return url;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    int inFlight() {
        return inFlight.get();
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    boolean available(long nowMs) {
        return healthy && nowMs >= ejectedUntilMs;
    }

    long ejectedUntilMs() {
        return ejectedUntilMs;
    }

    boolean healthy() {
        return healthy;
    }

    /** Records the active check's verdict; true when it changed. */
    boolean healthy(boolean value) {
        boolean changed = healthy != value;
        healthy = value;
        return changed;
    }

    void succeeded() {
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    /** Counts a failure; true when this one reaches {@code threshold} (and restarts the count). */
    boolean failed(int threshold) {
        if (failures.incrementAndGet() < threshold) {
            return false;
        }
        failures.set(0);
        return true;
    }

    void eject(long untilMs) {
        ejectedUntilMs = untilMs;
    }

    @Override
    public String toString() {
        return url;
    }
}
