package io.shallot.gateway.user.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process's copy of the revocations in force, sub to {@code before}. An entry lasts until
 * {@code before + keep}, when every token it could refuse has expired: past then it is dropped,
 * when next looked up and whenever the copy changes, so it never refuses an {@code iat}-less
 * token for longer than its key lives in Redis.
 *
 * <p>Thread-safe; a lookup takes no lock and reads the clock only for a user with an entry.
 */
public final class LocalRevocations {
    private record Entry(Instant before, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration keep;

    public LocalRevocations(Clock clock, Duration keep) {
        this.clock = clock;
        this.keep = keep;
    }

    /** When a revocation from {@code before} stops mattering. */
    public Instant expiresAt(Instant before) {
        return before.plus(keep);
    }

    /** The {@code before} of {@code sub}'s revocation in force, or null. */
    public Instant before(String sub) {
        Entry entry = entries.get(sub);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(sub, entry);
            return null;
        }
        return entry.before();
    }

    /** Sets {@code sub}'s revocation, or removes it when {@code before} is null. */
    public void set(String sub, Instant before) {
        if (before == null) {
            entries.remove(sub);
        } else {
            entries.put(sub, new Entry(before, expiresAt(before)));
        }
        dropExpired();
    }

    /**
     * Becomes {@code all}: the new entries are put before the missing ones are removed, so a
     * revocation present in both is never absent meanwhile.
     */
    public void replace(Map<String, Instant> all) {
        all.forEach((sub, before) -> entries.put(sub, new Entry(before, expiresAt(before))));
        entries.keySet().retainAll(all.keySet());
        dropExpired();
    }

    /** How many revocations are in force. */
    public int size() {
        dropExpired();
        return entries.size();
    }

    private void dropExpired() {
        Instant now = clock.instant();
        entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
    }
}
