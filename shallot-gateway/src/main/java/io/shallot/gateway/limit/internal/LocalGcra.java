package io.shallot.gateway.limit.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@link Gcra} in this process: what the gateway limits with while Redis is unreachable and the
 * fail mode is open. Each process limits on its own, so N processes admit up to N times the rate.
 *
 * <p>Threading: thread-safe; one lock around a map update, held for well under a microsecond.
 * Memory: a limit whose TAT has passed is full, the same as an absent one, so such entries are
 * swept out every {@value #SWEEP_EVERY} checks.
 */
public final class LocalGcra {
    private static final int SWEEP_EVERY = 4096;

    private final LongSupplier clockMicros;
    private final Map<String, Long> tats = new HashMap<>();
    private int checks;

    /** @param clockMicros a monotonic clock in microseconds */
    public LocalGcra(LongSupplier clockMicros) {
        this.clockMicros = clockMicros;
    }

    public static LocalGcra system() {
        return new LocalGcra(() -> System.nanoTime() / 1_000);
    }

    public synchronized Decision acquire(Ask ask) {
        long now = clockMicros.getAsLong();
        Quota api = ask.api() == null ? null : Gcra.check(ask.api(), tat(ask.apiKey(), now), now);
        Quota app = ask.app() == null ? null : Gcra.check(ask.app(), tat(ask.appKey(), now), now);
        Decision decision = new Decision(api, app);
        if (decision.allowed()) {
            if (api != null) {
                tats.put(ask.apiKey(), now + api.resetMicros());
            }
            if (app != null) {
                tats.put(ask.appKey(), now + app.resetMicros());
            }
        }
        if (++checks % SWEEP_EVERY == 0) {
            tats.values().removeIf(tat -> tat <= now);
        }
        return decision;
    }

    synchronized int size() {
        return tats.size();
    }

    private long tat(String key, long now) {
        Long tat = tats.get(key);
        return tat == null ? now : tat;
    }
}
