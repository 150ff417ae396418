package io.shallot.web;

import io.shallot.loop.Deferred;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.Objects;

/** Runs a {@link BlockingHandler} on a virtual thread; the promise settles back on the loop. */
final class VirtualThreadHandler implements Handler {
    private final BlockingHandler handler;

    VirtualThreadHandler(BlockingHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Promise<?> handle(Context ctx) {
        Loop loop = ctx.loop();
        Deferred<Object> result = Promise.defer(loop);
        KeepAlive hold = loop.keepAlive();
        Thread.ofVirtual().name("shallot-blocking").start(() -> {
            try {
                result.resolve(handler.handle(ctx));
            } catch (Throwable t) {
                result.reject(t);
            } finally {
                hold.close();
            }
        });
        return result.promise();
    }

    @Override
    public String toString() {
        return "blocking(" + handler + ")";
    }
}
