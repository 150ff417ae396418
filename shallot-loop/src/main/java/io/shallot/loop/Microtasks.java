package io.shallot.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The two queues Node drains after every macrotask: {@code process.nextTick} first, then the
 * promise/microtask queue, repeated until both are empty (lib/internal/process/task_queues.js).
 * Ticks queued by a microtask wait until the microtask queue is empty, as in V8.
 */
final class Microtasks {
    private final ArrayDeque<Runnable> ticks = new ArrayDeque<>();
    private final ArrayDeque<Runnable> jobs = new ArrayDeque<>();
    private final Set<Promise<?>> unhandled = new LinkedHashSet<>();
    private final Loop loop;
    private boolean draining;

    Microtasks(Loop loop) {
        this.loop = loop;
    }

    void nextTick(Runnable tick) {
        ticks.add(tick);
    }

    void enqueue(Runnable job) {
        jobs.add(job);
    }

    void rejectedWithoutHandler(Promise<?> promise) {
        unhandled.add(promise);
    }

    void handlerAdded(Promise<?> promise) {
        unhandled.remove(promise);
    }

    boolean isEmpty() {
        return ticks.isEmpty() && jobs.isEmpty();
    }

    void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            do {
                Runnable task;
                while ((task = ticks.poll()) != null) {
                    loop.runGuarded(task);
                }
                while ((task = jobs.poll()) != null) {
                    loop.runGuarded(task);
                }
            } while (!ticks.isEmpty() || reportUnhandled());
        } finally {
            draining = false;
        }
    }

    /** Reports the rejections still unhandled; true when that queued more work. */
    private boolean reportUnhandled() {
        if (unhandled.isEmpty()) {
            return false;
        }
        List<Promise<?>> rejected = new ArrayList<>(unhandled);
        unhandled.clear();
        for (Promise<?> promise : rejected) {
            loop.reportUnhandledRejection(promise.reason());
        }
        return !isEmpty();
    }
}
