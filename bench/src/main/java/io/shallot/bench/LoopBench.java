package io.shallot.bench;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Loop micro-benchmarks for Shallot, the twin of {@code bench/loop/node-loop.js}: same workloads,
 * same sizes, same measurement. Each workload runs once as a warm-up, then {@code RUNS} (default 3)
 * times, each run in a fresh {@link Loop#run}; the best run counts. The clock starts in a
 * {@code setImmediate} (a fresh macrotask, as in the Node script) and stops in the callback that
 * completes the workload, so loop start-up and shutdown are not measured.
 *
 * <p>Output: one line per workload, {@code RESULT <name> <ops/s> <best ms> <all runs ms...>}.
 *
 * <p>Usage: {@code LoopBench [workload ...]}; environment {@code RUNS}, {@code SCALE} as for the
 * Node script.
 */
public final class LoopBench {

    /** Starts a workload on the loop; it calls {@code done} with its operation count once complete. */
    interface Workload {
        void start(Loop loop, IntConsumer done);
    }

    private static final int RUNS = Integer.parseInt(env("RUNS", "3"));
    private static final double SCALE = Double.parseDouble(env("SCALE", "1"));
    private static final int N = (int) Math.round(1_000_000 * SCALE);
    private static final int TIMERS = (int) Math.round(100_000 * SCALE);

    /**
     * Default options, except that the blocked-loop watchdog is off: building a 1M-long promise chain
     * in one callback is exactly what it reports, and taking the stack of the loop thread for the
     * report stops that thread at a safepoint in the middle of the measurement. (Its per-callback
     * bookkeeping in Loop.runCallback still runs; only the sampling thread is off.)
     */
    private static final LoopOptions OPTIONS = LoopOptions.defaults().withThreadName("bench-loop").withBlockedThresholdMs(0);

    private LoopBench() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static Map<String, Workload> workloads() {
        Map<String, Workload> w = new LinkedHashMap<>();
        // 1M setImmediate, each scheduling the next (one per loop iteration)
        w.put("immediate-chain", (loop, done) -> loop.setImmediate(new Runnable() {
            private int left = N;

            @Override
            public void run() {
                if (--left > 0) {
                    loop.setImmediate(this);
                } else {
                    done.accept(N);
                }
            }
        }));
        // 1M setImmediate queued at once (all run in one check phase)
        w.put("immediate-batch", (loop, done) -> {
            int[] left = {N};
            Runnable step = () -> {
                if (--left[0] == 0) {
                    done.accept(N);
                }
            };
            for (int i = 0; i < N; i++) {
                loop.setImmediate(step);
            }
        });
        // p = p.then(x -> x + 1), 1M times, from creating the chain until the last continuation ran
        w.put("promise-chain", (loop, done) -> {
            Promise<Integer> p = Promise.resolve(loop, 0);
            for (int i = 0; i < N; i++) {
                p = p.then(x -> x + 1);
            }
            p.thenAccept(v -> {
                if (v != N) {
                    throw new IllegalStateException("promise-chain ended at " + v);
                }
                done.accept(N);
            });
        });
        // 100k timers with delays 0..10 ms, from the first schedule until all fired
        w.put("timers-mixed", (loop, done) -> {
            int[] left = {TIMERS};
            Runnable fire = () -> {
                if (--left[0] == 0) {
                    done.accept(TIMERS);
                }
            };
            for (int i = 0; i < TIMERS; i++) {
                loop.setTimeout(fire, i % 11);
            }
        });
        // 1M nextTick, each scheduling the next
        w.put("nexttick-chain", (loop, done) -> loop.nextTick(new Runnable() {
            private int left = N;

            @Override
            public void run() {
                if (--left > 0) {
                    loop.nextTick(this);
                } else {
                    done.accept(N);
                }
            }
        }));
        return w;
    }

    record Run(int ops, double ms) {
    }

    static Run measure(Workload workload) {
        long[] start = new long[1];
        Run[] result = new Run[1];
        Loop.run(OPTIONS, loop -> loop.setImmediate(() -> {
            start[0] = System.nanoTime();
            workload.start(loop, ops -> result[0] = new Run(ops, (System.nanoTime() - start[0]) / 1e6));
        }));
        if (result[0] == null) {
            throw new IllegalStateException("the workload ended without completing");
        }
        return result[0];
    }

    public static void main(String[] args) {
        Map<String, Workload> all = workloads();
        List<String> names = args.length > 0 ? Arrays.asList(args) : new ArrayList<>(all.keySet());
        System.out.printf(Locale.ROOT, "# shallot java %s (%s) N=%d timers=%d runs=%d (+1 warm-up)%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), N, TIMERS, RUNS);
        for (String name : names) {
            Workload workload = all.get(name);
            if (workload == null) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + all.keySet());
            }
            measure(workload); // warm-up
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(measure(workload));
            }
            Run best = runs.stream().min((a, b) -> Double.compare(a.ms(), b.ms())).orElseThrow();
            StringBuilder line = new StringBuilder();
            line.append(String.format(Locale.ROOT, "RESULT %s %d %.1f", name,
                    Math.round(best.ops() / (best.ms() / 1000)), best.ms()));
            for (Run run : runs) {
                line.append(String.format(Locale.ROOT, " %.1f", run.ms()));
            }
            System.out.println(line);
        }
    }
}
