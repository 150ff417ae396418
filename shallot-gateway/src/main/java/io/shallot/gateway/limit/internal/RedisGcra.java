package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Rate;
import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Gcra} shared by every gateway process: both limits of each {@link Ask} of a batch are
 * checked and charged by one Lua script ({@code gcra.lua}) that Redis runs atomically on its own
 * clock, deciding the asks in order as if each had come alone. Keys get the
 * {@link Redis#key prefix} and expire when their limit is full again, so idle apps leave nothing
 * behind.
 *
 * <p>The script is a {@link LuaScript}: sent by its SHA-1, and whole to a server that does not know it.
 *
 * <p>Threading: thread-safe. Errors: the future fails with Lettuce's exception; bounding the wait
 * is the caller's (the future is its own, so it may complete it on a timeout).
 */
public final class RedisGcra {
    private static final int VALUES_PER_KEY = 4;

    private final Redis redis;
    private final LuaScript script;

    public RedisGcra(Redis redis) {
        this.redis = redis;
        this.script = new LuaScript(redis, RedisGcra.class, "gcra.lua");
    }

    /** The decisions on {@code asks}, in their order; an ask without any limit is not allowed here. */
    public CompletableFuture<List<Decision>> acquire(List<Ask> asks) {
        Arguments arguments = new Arguments();
        for (Ask ask : asks) {
            if (ask.unlimited()) {
                throw new IllegalArgumentException("an ask without limits needs no Redis call: " + ask);
            }
            arguments.add(ask);
        }
        return script.run(arguments.keys(), arguments.args()).thenApply(values -> decode(asks, values));
    }

    /**
     * The script's KEYS and ARGV for a batch (the format is described in {@code gcra.lua}): each
     * limit once, however many asks charge it, then the asks as runs of asks over the same limits.
     * The asks of a batch are one app's, mostly on few APIs, so a batch of 64 asks sends a few
     * keys and arguments, not 128 keys and 320 arguments for Lettuce to encode and Redis to parse.
     */
    private final class Arguments {
        private final Map<Limit, Integer> limits = new HashMap<>();
        private final List<String> keys = new ArrayList<>(2);
        private final List<String> rates = new ArrayList<>(4);
        private final List<String> runs = new ArrayList<>();
        private int[] run;
        private int runLength;

        void add(Ask ask) {
            int[] indices;
            if (ask.api() == null) {
                indices = new int[] {index(ask.appKey(), ask.app())};
            } else if (ask.app() == null) {
                indices = new int[] {index(ask.apiKey(), ask.api())};
            } else {
                indices = new int[] {index(ask.apiKey(), ask.api()), index(ask.appKey(), ask.app())};
            }
            if (run != null && Arrays.equals(run, indices)) {
                runLength++;
                return;
            }
            endRun();
            run = indices;
            runLength = 1;
        }

        private int index(String key, Rate rate) {
            Limit limit = new Limit(key, Gcra.intervalMicros(rate), Gcra.toleranceMicros(rate));
            Integer known = limits.get(limit);
            if (known != null) {
                return known;
            }
            keys.add(redis.key(key));
            rates.add(Long.toString(limit.intervalMicros()));
            rates.add(Long.toString(limit.toleranceMicros()));
            limits.put(limit, keys.size());
            return keys.size();
        }

        private void endRun() {
            if (run != null) {
                runs.add(Integer.toString(runLength));
                runs.add(Integer.toString(run.length));
                for (int index : run) {
                    runs.add(Integer.toString(index));
                }
                run = null;
            }
        }

        String[] keys() {
            return keys.toArray(String[]::new);
        }

        String[] args() {
            endRun();
            List<String> args = new ArrayList<>(1 + rates.size() + runs.size());
            args.add(Integer.toString(keys.size()));
            args.addAll(rates);
            args.addAll(runs);
            return args.toArray(String[]::new);
        }
    }

    /** One limit as the script sees it: a key and its rate; the same key with another rate is another limit. */
    private record Limit(String key, long intervalMicros, long toleranceMicros) {
    }

    private static List<Decision> decode(List<Ask> asks, List<Object> values) {
        List<Decision> decisions = new ArrayList<>(asks.size());
        int at = 0;
        for (Ask ask : asks) {
            Quota api = null;
            Quota app = null;
            if (ask.api() != null) {
                api = quota(ask.api().burst(), values, at);
                at += VALUES_PER_KEY;
            }
            if (ask.app() != null) {
                app = quota(ask.app().burst(), values, at);
                at += VALUES_PER_KEY;
            }
            decisions.add(new Decision(api, app));
        }
        return decisions;
    }

    private static Quota quota(long limit, List<Object> values, int at) {
        return new Quota(number(values, at) == 1, limit, number(values, at + 1), number(values, at + 2),
                number(values, at + 3));
    }

    private static long number(List<Object> values, int index) {
        if (values == null || index >= values.size() || !(values.get(index) instanceof Long n)) {
            throw new IllegalStateException("the rate-limit script answered " + values + "; expected four integers per key");
        }
        return n;
    }
}
