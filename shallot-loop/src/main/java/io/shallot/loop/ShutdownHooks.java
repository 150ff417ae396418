package io.shallot.loop;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * JVM shutdown hooks that something else can wait for. The JVM starts every hook at once and in no
 * order, so a logging backend's own hook may stop logging while a server's hook is still draining
 * requests: those requests' access-log lines, and the hook's own messages, are then lost. Shallot's
 * servers register their hooks here; a hook that must run last (the distribution's Log4j2 shutdown,
 * {@code io.shallot.examples.logging.AfterShutdownHooksRegistry}) first calls {@link #awaitAll}.
 */
public final class ShutdownHooks {
    /** Per hook: counted down when its action has run. The JVM starts hooks in no order, so a thread not yet started is not one that is done. */
    private static final ConcurrentHashMap<Thread, CountDownLatch> HOOKS = new ConcurrentHashMap<>();

    private ShutdownHooks() {
    }

    /**
     * Runs {@code action} on a thread named {@code name} when the JVM shuts down.
     *
     * @throws IllegalStateException if the JVM is already shutting down
     */
    public static void add(String name, Runnable action) {
        Objects.requireNonNull(action, "action");
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                action.run();
            } finally {
                done.countDown();
            }
        }, Objects.requireNonNull(name, "name"));
        Runtime.getRuntime().addShutdownHook(hook);
        HOOKS.put(hook, done);
    }

    /**
     * Waits, at most {@code max} in all, for the hooks added here to finish; the calling thread's own
     * hook is not waited for. Only meaningful during shutdown, when the hooks run.
     *
     * @return whether they all finished in time
     */
    public static boolean awaitAll(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        for (var hook : HOOKS.entrySet()) {
            if (hook.getKey() != Thread.currentThread()
                    && !hook.getValue().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
