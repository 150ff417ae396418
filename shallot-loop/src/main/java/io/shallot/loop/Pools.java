package io.shallot.loop;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two bounded pools shared by every loop of the process, like libuv's thread pool:
 * {@code shallot-fs} for blocking file work ({@code shallot.fs.threads}, default 4 as
 * {@code UV_THREADPOOL_SIZE}) and {@code shallot-offload} for CPU work
 * ({@code shallot.offload.threads}, default one per core). Both queue at most
 * {@code shallot.pool.queue} tasks (default 65536); past that the work fails fast.
 */
final class Pools {
    private static final int QUEUE = Integer.getInteger("shallot.pool.queue", 65_536);

    private static final class Fs {
        static final ExecutorService POOL = pool("shallot-fs", Integer.getInteger("shallot.fs.threads", 4));
    }

    private static final class Cpu {
        static final ExecutorService POOL = pool("shallot-offload",
                Integer.getInteger("shallot.offload.threads", Runtime.getRuntime().availableProcessors()));
    }

    private Pools() {
    }

    static ExecutorService fs() {
        return Fs.POOL;
    }

    static ExecutorService cpu() {
        return Cpu.POOL;
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), factory, new ThreadPoolExecutor.AbortPolicy());
    }
}
