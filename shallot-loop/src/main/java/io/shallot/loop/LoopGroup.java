package io.shallot.loop;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Server loops, one per core by default: a Netty event-loop group whose every child is a
 * {@link Loop}. Hand {@link #netty()} to a bootstrap and each accepted connection is pinned to
 * one loop, whose thread runs all of its callbacks.
 */
public final class LoopGroup implements AutoCloseable {
    private final Group group;
    private final List<Loop> loops;
    private final LoopOptions options;

    private LoopGroup(int size, LoopOptions options) {
        this.options = options;
        this.group = new Group(size, options);
        List<Loop> all = new ArrayList<>(size);
        for (EventExecutor child : group) {
            all.add(Loop.of(child));
        }
        this.loops = List.copyOf(all);
    }

    public static LoopGroup create() {
        return create(Runtime.getRuntime().availableProcessors(), LoopOptions.defaults());
    }

    public static LoopGroup create(int size) {
        return create(size, LoopOptions.defaults());
    }

    public static LoopGroup create(int size, LoopOptions options) {
        if (size < 1) {
            throw new IllegalArgumentException("a LoopGroup needs at least one loop, got " + size);
        }
        return new LoopGroup(size, options);
    }

    public List<Loop> loops() {
        return loops;
    }

    public Loop next() {
        return Loop.of(group.next());
    }

    public MultiThreadIoEventLoopGroup netty() {
        return group;
    }

    /** Shuts every loop down; completes when all threads have ended. */
    public CompletableFuture<Void> shutdown() {
        group.shutdownGracefully(0, options.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
        return CompletableFuture.allOf(loops.stream().map(Loop::terminated).toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        shutdown().join();
    }

    private static final class Group extends MultiThreadIoEventLoopGroup {
        private final LoopOptions options;

        Group(int size, LoopOptions options) {
            super(size, new DefaultThreadFactory(options.threadName(), false), Transport.ioHandlerFactory(), options);
            this.options = options;
        }

        @Override
        protected IoEventLoop newChild(Executor executor, IoHandlerFactory io, Object... args) {
            LoopOptions childOptions = (LoopOptions) args[0];
            return new Loop(childOptions, true, PhasedEventLoop.child(this, executor, io)).netty;
        }
    }
}
