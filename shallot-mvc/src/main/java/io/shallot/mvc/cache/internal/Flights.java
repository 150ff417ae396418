package io.shallot.mvc.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single flight in front of the local level: per key at most one load is in progress in this
 * process, whatever loop or thread asks; the others wait for its outcome. A flight that lands
 * writes the local level and leaves the table in one atomic step, so a caller arriving just after
 * finds the value locally instead of starting a second load. {@link #invalidate} detaches a flight
 * in progress: its waiters still get its answer, but it no longer writes the cache.
 */
public final class Flights<V> {
    /** A flight to wait for, and whether the caller leads it (must load and land it). */
    public record Claim<V>(CompletableFuture<Entry<V>> flight, boolean leader) {
    }

    private final ConcurrentHashMap<String, CompletableFuture<Entry<V>>> inFlight = new ConcurrentHashMap<>();
    private final Cache<String, Entry<V>> local;

    public Flights(Cache<String, Entry<V>> local) {
        this.local = local;
    }

    /** The local entry for {@code key}, or null. */
    public Entry<V> local(String key) {
        return local.getIfPresent(key);
    }

    public Claim<V> claim(String key) {
        CompletableFuture<Entry<V>> mine = new CompletableFuture<>();
        CompletableFuture<Entry<V>> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            return new Claim<>(other, false);
        }
        Entry<V> landedMeanwhile = local.getIfPresent(key);
        if (landedMeanwhile != null) {
            inFlight.remove(key, mine);
            mine.complete(landedMeanwhile);
            return new Claim<>(mine, false);
        }
        return new Claim<>(mine, true);
    }

    /** Completes a led flight; returns whether it was still attached (and so wrote the local level). */
    public boolean land(String key, CompletableFuture<Entry<V>> flight, Entry<V> entry) {
        boolean[] attached = new boolean[1];
        inFlight.compute(key, (k, current) -> {
            if (current != flight) {
                return current;
            }
            local.put(k, entry);
            attached[0] = true;
            return null;
        });
        flight.complete(entry);
        return attached[0];
    }

    /** Fails a led flight; nothing is cached, so the next caller loads again. */
    public void crash(String key, CompletableFuture<Entry<V>> flight, Throwable error) {
        inFlight.remove(key, flight);
        flight.completeExceptionally(error);
    }

    public void invalidate(String key) {
        inFlight.compute(key, (k, current) -> {
            local.invalidate(k);
            return null;
        });
    }

    /** Flights in progress (for tests and metrics). */
    public int inFlight() {
        return inFlight.size();
    }
}
