package io.shallot.mvc.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.internal.Codec;
import io.shallot.mvc.cache.internal.Entry;
import io.shallot.mvc.cache.internal.Flights;
import io.shallot.mvc.cache.internal.Outage;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-level cache: a Caffeine map in this process in front of Redis, shared by all processes.
 * Values travel through Redis as JSON (Jackson; a BSON {@code Document} as extended JSON) under
 * {@code <redis prefix><name>:<key>}.
 *
 * <h2>Lookups</h2>
 * {@link #getAll} takes the local hits, asks Redis for the rest in one {@code MGET}, then calls the
 * batch loader once with exactly the keys still missing, and writes what it returns to both
 * levels. Keys the loader leaves out are remembered as "not found" for
 * {@link CacheSettings#negativeTtl()}, so unknown ids do not reach the loader on every request.
 * {@link #get} is the one-key case. Single flight: while a key is being looked up, every other
 * caller in this process (any loop, any thread) waits for that lookup instead of loading again;
 * a loader failure reaches all of them and is not cached.
 *
 * <h2>Threading</h2>
 * Call on a loop thread; promises settle on the calling loop, and the loader runs on the loop of
 * the caller that leads the flight. One instance may be shared by every loop. Cached values are
 * shared between callers and loops: treat them as immutable (records are ideal).
 *
 * <h2>Errors</h2>
 * Redis problems never fail a lookup: it falls back to the loader (the outage is logged once, and
 * Redis is skipped while it lasts, probed once a second). {@link #invalidate} clears the local
 * level at once and rejects if Redis could not delete its copy. Other processes' local levels
 * keep an invalidated value for up to {@link CacheSettings#localTtl()}.
 */
public final class Cache<V> {
    private static final Logger LOG = LoggerFactory.getLogger(Cache.class);

    private final Redis redis;
    private final String name;
    private final CacheSettings settings;
    private final Codec<V> codec;
    private final Flights<V> flights;

    private Cache(Redis redis, String name, CacheSettings settings, Codec<V> codec) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a cache needs a name (its key space in Redis)");
        }
        this.name = name;
        this.codec = codec;
        Duration negativeLocal = settings.negativeTtl().compareTo(settings.localTtl()) < 0
                ? settings.negativeTtl() : settings.localTtl();
        this.flights = new Flights<>(Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .expireAfter(Expiry.<String, Entry<V>>writing((key, entry) -> entry.found() ? settings.localTtl() : negativeLocal))
                .build());
    }

    public static <V> Cache<V> create(Redis redis, String name, CacheSettings settings, Class<V> type) {
        return new Cache<>(redis, name, settings, Codec.of(type));
    }

    /** For generic values: {@code new TypeReference<List<Item>>() {}}. */
    public static <V> Cache<V> create(Redis redis, String name, CacheSettings settings, TypeReference<V> type) {
        return new Cache<>(redis, name, settings, Codec.of(type));
    }

    public String name() {
        return name;
    }

    public CacheSettings settings() {
        return settings;
    }

    /**
     * The value of {@code key}, loading it with {@code loader} (whose promise fulfils with null
     * for "not found") on a miss; fulfils with null when not found.
     */
    public Promise<V> get(String key, Function<String, Promise<V>> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        return getAll(List.of(key), keys -> Objects.requireNonNull(loader.apply(key),
                        "the loader returned null instead of a Promise").then(v -> v == null ? Map.of() : Map.of(key, v)))
                .then(found -> found.get(key));
    }

    /**
     * The values of {@code keys}, in the order given, without the ones not found. {@code loader}
     * is called at most once, with the keys neither level had (and no other caller was loading).
     */
    public Promise<Map<String, V>> getAll(Collection<String> keys,
                                          Function<Set<String>, Promise<Map<String, V>>> loader) {
        Objects.requireNonNull(loader, "loader");
        Loop loop = Loop.current();
        Set<String> wanted = new LinkedHashSet<>(keys.size());
        for (String key : keys) {
            wanted.add(Objects.requireNonNull(key, "keys must not contain null"));
        }
        Map<String, Entry<V>> known = new LinkedHashMap<>();
        Map<String, CompletableFuture<Entry<V>>> waiting = new LinkedHashMap<>();
        Map<String, CompletableFuture<Entry<V>>> led = new LinkedHashMap<>();
        for (String key : wanted) {
            Entry<V> hit = flights.local(key);
            if (hit != null) {
                known.put(key, hit);
                continue;
            }
            Flights.Claim<V> claim = flights.claim(key);
            waiting.put(key, claim.flight());
            if (claim.leader()) {
                led.put(key, claim.flight());
            }
        }
        if (waiting.isEmpty()) {
            return Promise.resolve(loop, found(wanted, known));
        }
        Promise<Void> all = Promise.from(loop, CompletableFuture.allOf(waiting.values().toArray(CompletableFuture[]::new)));
        if (!led.isEmpty()) {
            lookUpRedis(loop, led, loader);
        }
        return all.then(done -> {
            waiting.forEach((key, flight) -> known.put(key, flight.join()));
            return found(wanted, known);
        });
    }

    /** Removes {@code key} from the local level now and from Redis; rejects if Redis could not. */
    public Promise<Void> invalidate(String key) {
        Objects.requireNonNull(key, "key");
        Loop loop = Loop.current();
        flights.invalidate(key);
        Outage outage = redis.outage();
        CompletionStage<Long> deleted;
        try {
            deleted = redis.commands().del(redisKey(key));
        } catch (RuntimeException e) {
            deleted = CompletableFuture.failedFuture(e);
        }
        return Promise.from(loop, deleted.whenComplete((n, error) -> outage.record(error))).then(n -> null);
    }

    @Override
    public String toString() {
        return "Cache[" + name + ", " + redis + "]";
    }

    private String redisKey(String key) {
        return redis.key(name + ":" + key);
    }

    /** Step 2 of a lookup: one MGET for the keys this caller leads; the rest go to the loader. */
    private void lookUpRedis(Loop loop, Map<String, CompletableFuture<Entry<V>>> led,
                             Function<Set<String>, Promise<Map<String, V>>> loader) {
        Outage outage = redis.outage();
        if (outage.skip()) {
            load(led, loader);
            return;
        }
        List<String> keys = List.copyOf(led.keySet());
        CompletionStage<List<KeyValue<String, String>>> mget;
        try {
            mget = redis.commands().mget(keys.stream().map(this::redisKey).toArray(String[]::new));
        } catch (RuntimeException e) {
            outage.record(e);
            load(led, loader);
            return;
        }
        mget.whenComplete((values, error) -> {
            Map<String, CompletableFuture<Entry<V>>> missing = new LinkedHashMap<>(led);
            try {
                outage.record(error);
                for (int i = 0; error == null && i < keys.size() && i < values.size(); i++) {
                    KeyValue<String, String> value = values.get(i);
                    Entry<V> entry = value.hasValue() ? decode(keys.get(i), value.getValue()) : null;
                    if (entry != null) {
                        flights.land(keys.get(i), missing.remove(keys.get(i)), entry);
                    }
                }
                if (!missing.isEmpty()) {
                    loop.execute(() -> load(missing, loader));
                }
            } catch (RuntimeException e) {
                crash(missing, e);
            }
        });
    }

    /** Step 3, on the leading caller's loop: one loader call, then both levels are written. */
    private void load(Map<String, CompletableFuture<Entry<V>>> missing,
                      Function<Set<String>, Promise<Map<String, V>>> loader) {
        Promise<Map<String, V>> loading;
        try {
            loading = Objects.requireNonNull(loader.apply(Collections.unmodifiableSet(new LinkedHashSet<>(missing.keySet()))),
                    "the loader returned null instead of a Promise");
        } catch (Throwable t) {
            crash(missing, t);
            return;
        }
        loading.then(found -> {
            try {
                missing.forEach((key, flight) -> {
                    V value = found == null ? null : found.get(key);
                    Entry<V> entry = value == null ? Entry.missing() : new Entry<>(value);
                    if (flights.land(key, flight, entry)) {
                        writeRedis(key, entry);
                    }
                });
            } catch (RuntimeException e) {
                crash(missing, e);
            }
            return null;
        }, error -> {
            crash(missing, error);
            return null;
        });
    }

    private void writeRedis(String key, Entry<V> entry) {
        Outage outage = redis.outage();
        if (outage.skip()) {
            return;
        }
        String json;
        try {
            json = codec.encode(entry);
        } catch (IllegalArgumentException e) {
            LOG.warn("cache {}: value of key {} not written to Redis: {}", name, key, e.getMessage());
            return;
        }
        Duration ttl = entry.found() ? settings.ttl() : settings.negativeTtl();
        try {
            redis.commands().set(redisKey(key), json, SetArgs.Builder.px(ttl.toMillis()))
                    .whenComplete((ok, error) -> outage.record(error));
        } catch (RuntimeException e) {
            outage.record(e);
        }
    }

    private Entry<V> decode(String key, String json) {
        try {
            return codec.decode(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("cache {}: Redis value of key {} ignored and reloaded: {}", name, key, e.getMessage());
            return null;
        }
    }

    private void crash(Map<String, CompletableFuture<Entry<V>>> flightsOf, Throwable error) {
        flightsOf.forEach((key, flight) -> flights.crash(key, flight, error));
    }

    private Map<String, V> found(Set<String> wanted, Map<String, Entry<V>> entries) {
        Map<String, V> out = new LinkedHashMap<>();
        for (String key : wanted) {
            Entry<V> entry = entries.get(key);
            if (entry != null && entry.found()) {
                out.put(key, entry.value());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
