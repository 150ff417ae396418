package io.shallot.loop;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loop whose {@code run()} is libuv's {@code uv_run}: Netty's I/O handler does
 * the waiting and the channel I/O of the poll phase, everything else is Node's phases.
 *
 * <p>Netty's buffer leak detection is off unless {@code io.netty.leakDetection.level} (or the older
 * {@code io.netty.leakDetectionLevel}) is set, as Vert.x does: at Netty's default level one buffer
 * in 128 records a stack trace when allocated and again when released, which costs a server a
 * few tenths of a microsecond per request. The test suite runs with {@code paranoid}.
 */
final class PhasedEventLoop extends SingleThreadIoEventLoop {
    static {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    interface Factory {
        PhasedEventLoop create(Loop loop);
    }

    private final Loop loop;

    private final IoHandlerContext pollContext = new IoHandlerContext() {
        @Override
        public boolean canBlock() {
            return !hasTasks() && !hasScheduledTasks() && loop.pollMayBlock();
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return Math.min(PhasedEventLoop.this.delayNanos(currentTimeNanos), loop.nanosToNextDue());
        }

        @Override
        public long deadlineNanos() {
            long nettyDeadline = PhasedEventLoop.this.deadlineNanos();
            long due = loop.nextDueNanos();
            if (due == Long.MAX_VALUE) {
                return nettyDeadline;
            }
            return Math.min(nettyDeadline, due - ticker().initialNanoTime());
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
        }

        @Override
        public boolean shouldReportActiveIoTime() {
            return false;
        }
    };

    private PhasedEventLoop(Loop loop, IoEventLoopGroup parent, Executor executor, IoHandlerFactory io) {
        super(parent, executor, io);
        this.loop = loop;
    }

    static Factory standalone(String threadName) {
        ThreadFactory threads = new DefaultThreadFactory(threadName, false);
        return loop -> new PhasedEventLoop(loop, null, r -> threads.newThread(r).start(), Transport.ioHandlerFactory());
    }

    static Factory child(IoEventLoopGroup parent, Executor executor, IoHandlerFactory io) {
        return loop -> new PhasedEventLoop(loop, parent, executor, io);
    }

    Loop loop() {
        return loop;
    }

    @Override
    protected void run() {
        ioHandler().initialize();
        loop.bindThread();
        try {
            runTasks();
            if (loop.alive()) {
                loop.updateTime();
                loop.runTimers();
            }
            while (loop.alive()) {
                iterate();
            }
            if (!isShuttingDown()) {
                shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            ioHandler().prepareToDestroy();
            while (!confirmShutdown()) {
                runTasks();
            }
        } finally {
            loop.unbindThread();
        }
    }

    private void iterate() {
        loop.runPending();
        poll();
        for (int i = 0; i < 8 && loop.hasPending(); i++) {
            loop.runPending();
        }
        loop.runCheck();
        loop.runClosing();
        loop.updateTime();
        loop.runTimers();
    }

    private void poll() {
        // libuv skips the poll when it watches no fd; a zero-timeout epoll_wait could only return 0
        if (getNumOfRegisteredChannels() > 0 || pollContext.canBlock()) {
            ioHandler().run(pollContext);
        }
        loop.microtasks.drain();
        runTasks();
    }

    /** Netty's scheduled tasks that are due, then the tasks queued so far, each as a macrotask. */
    private void runTasks() {
        boolean ran = false;
        Runnable task;
        if (hasScheduledTasks()) {
            long now = getCurrentTimeNanos();
            while ((task = pollScheduledTask(now)) != null) {
                loop.runCallback(task);
                ran = true;
            }
        }
        if (hasTasks()) {
            for (int n = pendingTasks(); n > 0 && (task = pollTask()) != null; n--) {
                loop.runCallback(task);
                ran = true;
            }
        }
        afterRunningAllTasks();
        if (ran) {
            updateLastExecutionTime();
        }
    }
}
