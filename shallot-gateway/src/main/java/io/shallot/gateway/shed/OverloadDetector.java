package io.shallot.gateway.shed;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.shed.internal.CpuLoad;
import io.shallot.gateway.shed.internal.DelayProbe;
import io.shallot.gateway.shed.internal.Hysteresis;
import io.shallot.gateway.shed.internal.Signals;
import io.shallot.loop.Loop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how much of the traffic this process sheds, from three signals: the delay of its
 * loops, its admitted requests in progress and its CPU load. The level goes from 0 (shed
 * nothing) to 3; at level {@code n} the {@code n} lowest priorities are shed (level 1 sheds
 * priority 3, level 2 sheds 2 and 3, level 3 sheds 1 to 3), and priority 0 never is. How the
 * level moves, with hysteresis, is described in {@link ShedSettings}.
 *
 * <p>One detector per process, not per loop: the loops share the process's cores, so what
 * overloads one (CPU saturation, a GC pause, an upstream slowing down every connection) shows on
 * all of them, and one level gives clients one consistent answer whichever loop their connection
 * landed on, and operators one number to watch. A loop overloaded alone, say by a few heavy
 * keep-alive connections, still counts, as the loop-delay signal is the worst loop's.
 *
 * <p>Threading: the signals are sampled on a daemon thread of its own, so the level still rises
 * while every loop is busy; {@link #level}, {@link #sheds} and {@link #status} are cheap reads
 * from any thread. Level changes are logged (WARN up, INFO down).
 */
public final class OverloadDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadDetector.class);

    private final ShedSettings settings;
    private final Hysteresis hysteresis;
    private final DoubleSupplier cpu;
    private final LongAdder inFlight = new LongAdder();
    private final Map<Loop, DelayProbe> probes = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;
    private volatile boolean closed;
    private volatile int level;
    private volatile OverloadStatus status = new OverloadStatus(0, 0, 0, Double.NaN);

    /** A detector that samples only when {@link #sample(long, Signals)} is called (tests drive it). */
    OverloadDetector(ShedSettings settings, DoubleSupplier cpu) {
        this.settings = settings;
        this.hysteresis = new Hysteresis(settings.raiseAfter().toNanos(), settings.coolDown().toNanos());
        this.cpu = cpu;
    }

    /** Starts sampling every {@link ShedSettings#sampleInterval()}; {@link #close} stops it. */
    public static OverloadDetector start(ShedSettings settings) {
        OverloadDetector detector = new OverloadDetector(settings, CpuLoad.process());
        detector.sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "shallot-overload");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.sampleInterval().toNanos();
        detector.sampler.scheduleAtFixedRate(detector::sampleNow, period, period, TimeUnit.NANOSECONDS);
        return detector;
    }

    public ShedSettings settings() {
        return settings;
    }

    /** The current level, 0..3. */
    public int level() {
        return level;
    }

    /** Whether a request of {@code priority} (0 critical … 3 lowest) is shed at the current level. */
    public boolean sheds(int priority) {
        return priority > ApiRoute.CRITICAL && priority > ApiRoute.LOWEST - level;
    }

    /** The last sample and the level it led to. */
    public OverloadStatus status() {
        return status;
    }

    /** Admitted requests in progress, now. */
    public long inFlight() {
        return inFlight.sum();
    }

    /**
     * Probes the delay of {@code loop} from now on (once per loop; later calls do nothing). Call on
     * that loop's thread; {@link Shedding} does so for the loop of every request, so the loops that
     * serve traffic are the ones watched. A loop that ends is forgotten.
     */
    public void watch(Loop loop) {
        if (closed || probes.containsKey(loop)) {
            return;
        }
        // only this loop's own thread adds its probe, so no other call can race this one
        probes.put(loop, DelayProbe.start(loop, settings.probeInterval()));
        loop.terminated().thenRun(() -> probes.remove(loop));
    }

    void enter() {
        inFlight.increment();
    }

    void exit() {
        inFlight.decrement();
    }

    private void sampleNow() {
        try {
            long now = System.nanoTime();
            long delay = 0;
            for (DelayProbe probe : probes.values()) {
                delay = Math.max(delay, probe.read(now));
            }
            sample(now, new Signals(delay, inFlight.sum(), cpu.getAsDouble()));
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task, and the level would freeze
            LOG.error("sampling the overload signals failed", e);
        }
    }

    /** Takes one sample of the signals at {@code nowNanos}. */
    void sample(long nowNanos, Signals signals) {
        int before = level;
        int after = hysteresis.update(nowNanos, signals.pressure(settings));
        level = after;
        status = new OverloadStatus(after, signals.delayNanos() / 1e6, signals.inFlight(), signals.cpuLoad());
        if (after > before) {
            LOG.warn("overloaded: shedding priorities {} and lower (shed level {}; loop delay {} ms, {} in flight, cpu {})",
                    ApiRoute.LOWEST - after + 1, after, Math.round(signals.delayNanos() / 1e6), signals.inFlight(),
                    cpuText(signals.cpuLoad()));
        } else if (after < before) {
            LOG.info("load easing: shed level {} ({})", after,
                    after == 0 ? "shedding nothing" : "shedding priorities " + (ApiRoute.LOWEST - after + 1) + " and lower");
        }
    }

    private static String cpuText(double load) {
        return Double.isNaN(load) ? "unknown" : Math.round(load * 100) + "%";
    }

    /** Stops sampling and the loop probes; the level stays where it was. */
    @Override
    public void close() {
        closed = true;
        if (sampler != null) {
            sampler.shutdownNow();
        }
        probes.forEach((loop, probe) -> probe.stop(loop));
        probes.clear();
    }
}
