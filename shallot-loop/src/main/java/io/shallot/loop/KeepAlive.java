package io.shallot.loop;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds a {@link Loop} alive, like a ref'd libuv handle or an in-flight request. {@link #close()}
 * is idempotent and may be called from any thread.
 */
public final class KeepAlive implements AutoCloseable {
    private final Loop loop;
    private final AtomicBoolean closed = new AtomicBoolean();

    KeepAlive(Loop loop) {
        this.loop = loop;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (loop.inLoop()) {
                loop.release();
            } else {
                loop.execute(loop::release);
            }
        }
    }
}
