package io.shallot.loop;

import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node's event loop on one thread, built on a Netty IO event loop (epoll on Linux, NIO
 * elsewhere), so the poll phase is real non-blocking I/O.
 *
 * <p>Each iteration runs Node's phases in Node's order (libuv 1.46, Node 20): pending callbacks,
 * idle/prepare, poll (I/O, then work completed by other threads), check ({@link #setImmediate}),
 * close callbacks, then timers. After every single callback the {@link #nextTick} queue is
 * drained, then the microtask queue, repeated until both are empty (Node &ge; 11).
 *
 * <p>Threading: every method except {@link #execute}, {@link #inLoop}, {@link #delay} and
 * {@link #shutdown} must be called on the loop's own thread; elsewhere it throws
 * {@link IllegalStateException}. Use {@link #execute} to hop onto the loop.
 *
 * <p>Errors: a callback that throws is reported (logged with its stack, then passed to
 * {@link LoopOptions#onUncaughtException()}) and the loop goes on. Node exits the process
 * instead; a server loop carries thousands of unrelated connections, so one bad callback must not
 * take them all down. Process-level restarts are the process manager's job.
 *
 * <p>Life: {@link #run} works like {@code node script.js}: it ends when nothing keeps the loop
 * alive (ref'd timers, immediates, in-flight {@link Fs} and {@link #offload} work,
 * {@link #keepAlive} holders such as open servers). {@link #start} runs a server loop until
 * {@link #shutdown}.
 */
public final class Loop {
    private static final Logger LOG = LoggerFactory.getLogger(Loop.class);
    private static final FastThreadLocal<Loop> CURRENT = new FastThreadLocal<>();
    static final double TIMEOUT_MAX = 2147483647d;

    final LoopOptions options;
    final boolean server;
    final PhasedEventLoop netty;
    final TimerQueue timers = new TimerQueue();
    final Microtasks microtasks = new Microtasks(this);
    final DelayMonitor delayMonitor;
    private final ArrayDeque<Immediate> immediates = new ArrayDeque<>();
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final ArrayDeque<Runnable> closing = new ArrayDeque<>();
    private final long originNanos = System.nanoTime();
    private final Fs fs = new Fs(this);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    int immediateRefs;
    private int keepAlives;
    private long nowMs;
    private int callbackDepth;
    volatile Thread thread;
    /** Odd while an outermost callback runs, even between callbacks; read by the Watchdog. */
    long callbackSeq;
    static final java.lang.invoke.VarHandle CALLBACK_SEQ;
    static {
        try {
            CALLBACK_SEQ = java.lang.invoke.MethodHandles.lookup().findVarHandle(Loop.class, "callbackSeq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Loop(LoopOptions options, boolean server, PhasedEventLoop.Factory factory) {
        this.options = Objects.requireNonNull(options, "options");
        this.server = server;
        this.delayMonitor = new DelayMonitor(options.delayResolutionMs());
        this.netty = factory.create(this);
        netty.terminationFuture().addListener(f -> terminated.complete(null));
    }

    // ---------------------------------------------------------------- life

    /** Runs {@code main} as the main script on a new loop, then the loop until nothing keeps it alive. */
    public static void run(Consumer<Loop> main) {
        run(LoopOptions.defaults(), main);
    }

    /** As {@link #run(Consumer)}, with options. Blocks the caller; refused on a loop thread. */
    public static void run(LoopOptions options, Consumer<Loop> main) {
        Objects.requireNonNull(main, "main");
        if (CURRENT.get() != null) {
            throw new IllegalStateException("Loop.run() would block the event loop thread "
                    + Thread.currentThread().getName() + "; start a separate loop from a plain thread");
        }
        Loop loop = new Loop(options, false, PhasedEventLoop.standalone(options.threadName()));
        loop.netty.execute(() -> main.accept(loop));
        loop.terminated.join();
    }

    /** Starts a server loop on its own thread; it runs until {@link #shutdown()}. */
    public static Loop start(LoopOptions options) {
        Loop loop = new Loop(options, true, PhasedEventLoop.standalone(options.threadName()));
        loop.netty.execute(() -> { });
        return loop;
    }

    public static Loop start() {
        return start(LoopOptions.defaults());
    }

    /**
     * Stops a loop: no new callbacks are accepted after in-flight ones finish; channels registered
     * on it are closed. The future completes when the thread has ended.
     */
    public CompletableFuture<Void> shutdown() {
        netty.shutdownGracefully(0, options.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
        return terminated.copy();
    }

    /** Completes when the loop's thread has ended. */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    /** The loop that runs the calling thread. */
    public static Loop current() {
        Loop loop = CURRENT.get();
        if (loop == null) {
            throw new IllegalStateException("no event loop on thread " + Thread.currentThread().getName()
                    + ": Loop.current() works only inside loop callbacks; pass the Loop along instead");
        }
        return loop;
    }

    /** The Shallot loop behind a Netty executor (a channel's {@code eventLoop()}). */
    public static Loop of(EventExecutor executor) {
        if (executor instanceof PhasedEventLoop phased) {
            return phased.loop();
        }
        throw new IllegalArgumentException(executor + " is not a Shallot loop; register channels on a Loop or LoopGroup");
    }

    public boolean inLoop() {
        return netty.inEventLoop();
    }

    public String name() {
        Thread t = thread;
        return t == null ? options.threadName() : t.getName();
    }

    /** The Netty event loop, for registering channels whose I/O runs in this loop's poll phase. */
    public IoEventLoop netty() {
        return netty;
    }

    // ---------------------------------------------------------------- scheduling

    public Timer setTimeout(Runnable callback, double delayMs) {
        return schedule(callback, delayMs, false, "setTimeout");
    }

    public Timer setInterval(Runnable callback, double delayMs) {
        return schedule(callback, delayMs, true, "setInterval");
    }

    private Timer schedule(Runnable callback, double delayMs, boolean repeat, String what) {
        checkThread(what);
        Objects.requireNonNull(callback, "callback");
        Timer timer = new Timer(this, callback, normalizeDelay(delayMs), repeat);
        timers.insert(timer, refreshNow());
        return timer;
    }

    /** Node's rule: a delay that is not a number in [1, 2^31-1] becomes 1 ms. */
    static long normalizeDelay(double delayMs) {
        if (!(delayMs >= 1 && delayMs <= TIMEOUT_MAX)) {
            if (delayMs > TIMEOUT_MAX) {
                LOG.warn("TimeoutOverflowWarning: {} does not fit into a 32-bit signed integer; timeout set to 1", delayMs);
            }
            return 1;
        }
        return (long) Math.ceil(delayMs);
    }

    public void clearTimeout(Timer timer) {
        if (timer != null) {
            checkThread("clearTimeout");
            timer.cancelled = true;
            timers.remove(timer);
        }
    }

    public void clearInterval(Timer timer) {
        clearTimeout(timer);
    }

    public Immediate setImmediate(Runnable callback) {
        checkThread("setImmediate");
        Immediate immediate = new Immediate(this, Objects.requireNonNull(callback, "callback"));
        immediates.add(immediate);
        immediateRefs++;
        return immediate;
    }

    public void clearImmediate(Immediate immediate) {
        if (immediate != null && !immediate.done) {
            checkThread("clearImmediate");
            immediate.done = true;
            if (immediate.ref) {
                immediateRefs--;
            }
        }
    }

    public void nextTick(Runnable callback) {
        checkThread("nextTick");
        microtasks.nextTick(Objects.requireNonNull(callback, "callback"));
    }

    public void queueMicrotask(Runnable callback) {
        checkThread("queueMicrotask");
        microtasks.enqueue(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Runs {@code task} on this loop as a poll-phase callback, from any thread. Work that should
     * keep {@link #run} alive until it arrives must hold a {@link #keepAlive()}.
     *
     * @throws RejectedExecutionException when the loop has ended
     */
    public void execute(Runnable task) {
        netty.execute(Objects.requireNonNull(task, "task"));
    }

    /**
     * Runs an I/O callback now, as a macrotask: a throw is reported, and ticks and microtasks are
     * drained afterwards (unless already inside a callback). For code that integrates I/O sources.
     */
    public void invoke(Runnable callback) {
        checkThread("invoke");
        runCallback(callback);
    }

    /** Queues a callback for the close-callbacks phase (Node's {@code handle.close(cb)}). */
    public void onClose(Runnable callback) {
        checkThread("onClose");
        closing.add(Objects.requireNonNull(callback, "callback"));
    }

    /** Queues a callback for the pending-callbacks phase (I/O callbacks deferred to the next iteration). */
    public void onPending(Runnable callback) {
        checkThread("onPending");
        pending.add(Objects.requireNonNull(callback, "callback"));
    }

    /** Keeps {@link #run} from ending until the returned holder is closed (from any thread). */
    public KeepAlive keepAlive() {
        checkThread("keepAlive");
        keepAlives++;
        return new KeepAlive(this);
    }

    void release() {
        keepAlives--;
    }

    // ---------------------------------------------------------------- work elsewhere

    public Fs fs() {
        return fs;
    }

    /** Runs CPU-bound work on the bounded worker pool; the promise settles on this loop. */
    public <T> Promise<T> offload(Callable<T> work) {
        checkThread("offload");
        Deferred<T> deferred = Promise.defer(this);
        submit(Pools.cpu(), work, (error, value) -> {
            if (error != null) {
                deferred.reject(error);
            } else {
                deferred.resolve(value);
            }
        });
        return deferred.promise();
    }

    /** Runs {@code work} on {@code pool} and {@code done} back on this loop, holding the loop alive meanwhile. */
    <T> void submit(ExecutorService pool, Callable<T> work, BiConsumer<Throwable, T> done) {
        KeepAlive hold = keepAlive();
        try {
            pool.execute(() -> {
                T value = null;
                Throwable error = null;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    error = t;
                }
                T v = value;
                Throwable e = error;
                execute(() -> {
                    hold.close();
                    done.accept(e, v);
                });
            });
        } catch (RejectedExecutionException e) {
            hold.close();
            onPending(() -> done.accept(new RejectedExecutionException("worker pool is saturated: " + e.getMessage(), e), null));
        }
    }

    // ---------------------------------------------------------------- time and health

    /** Loop time in ms: cached at the start of each phase, refreshed when a timer is created. */
    public long now() {
        return nowMs;
    }

    /** Event-loop delay measured continuously (how late the loop gets to work that is due). */
    public LoopDelay delay() {
        return delayMonitor.snapshot();
    }

    // ---------------------------------------------------------------- phases (driven by PhasedEventLoop)

    void bindThread() {
        thread = Thread.currentThread();
        CURRENT.set(this);
        Watchdog.watch(this);
        updateTime();
    }

    void unbindThread() {
        Watchdog.unwatch(this);
        CURRENT.remove();
    }

    private long lastNanos;

    void updateTime() {
        lastNanos = System.nanoTime();
        nowMs = (lastNanos - originNanos) / 1_000_000;
    }

    long refreshNow() {
        updateTime();
        return nowMs;
    }

    boolean alive() {
        return !netty.isShuttingDown() && (server || timers.refCount > 0 || immediateRefs > 0
                || keepAlives > 0 || !pending.isEmpty() || !closing.isEmpty());
    }

    /** Whether the poll phase may wait for I/O (libuv's uv__backend_timeout != 0). */
    boolean pollMayBlock() {
        return alive() && immediates.isEmpty() && pending.isEmpty() && closing.isEmpty() && microtasks.isEmpty();
    }

    /** When (System.nanoTime) the next timer or delay sample is due, {@code Long.MAX_VALUE} for none. */
    long nextDueNanos() {
        long expiry = timers.nextExpiry();
        long due = expiry == Long.MAX_VALUE ? Long.MAX_VALUE : originNanos + expiry * 1_000_000;
        return Math.min(due, delayMonitor.nextDueNanos());
    }

    long nanosToNextDue() {
        long due = nextDueNanos();
        return due == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, due - System.nanoTime());
    }

    void runTimers() {
        delayMonitor.sampleIfDue(lastNanos); // read by updateTime() just before
        timers.runDue(nowMs, this);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    void runPending() {
        for (int n = pending.size(); n > 0; n--) {
            runCallback(pending.poll());
        }
    }

    void runCheck() {
        for (int n = immediates.size(); n > 0; n--) {
            Immediate immediate = immediates.poll();
            if (immediate.done) {
                continue;
            }
            immediate.done = true;
            if (immediate.ref) {
                immediateRefs--;
            }
            runCallback(immediate.callback);
        }
    }

    void runClosing() {
        for (int n = closing.size(); n > 0; n--) {
            runCallback(closing.poll());
        }
    }

    /** One macrotask: run, report a throw, then drain ticks and microtasks if outermost. */
    void runCallback(Runnable callback) {
        boolean outermost = callbackDepth++ == 0;
        if (outermost) {
            CALLBACK_SEQ.setOpaque(this, callbackSeq + 1);
        }
        try {
            callback.run();
        } catch (Throwable t) {
            reportUncaught(t);
        } finally {
            callbackDepth--;
        }
        if (outermost) {
            microtasks.drain();
            CALLBACK_SEQ.setOpaque(this, callbackSeq + 1);
        }
    }

    void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            reportUncaught(t);
        }
    }

    void reportUncaught(Throwable error) {
        Consumer<Throwable> handler = options.onUncaughtException();
        if (handler == null) {
            LOG.error("Uncaught exception in a callback on {}", name(), error);
            return;
        }
        try {
            handler.accept(error);
        } catch (Throwable t) {
            LOG.error("onUncaughtException handler failed on {}", name(), t);
        }
    }

    void reportUnhandledRejection(Throwable reason) {
        Consumer<Throwable> handler = options.onUnhandledRejection();
        if (handler == null) {
            LOG.error("Unhandled promise rejection on {}", name(), reason);
            return;
        }
        try {
            handler.accept(reason);
        } catch (Throwable t) {
            LOG.error("onUnhandledRejection handler failed on {}", name(), t);
        }
    }

    void checkThread(String what) {
        if (!netty.inEventLoop()) {
            throw new IllegalStateException(what + "() must be called on the loop thread " + name()
                    + ", not on " + Thread.currentThread().getName() + "; hop onto the loop with loop.execute(...)");
        }
    }

    @Override
    public String toString() {
        return "Loop[" + name() + "]";
    }
}
