package io.shallot.web;

import io.shallot.loop.Promise;

/**
 * The end of a route: runs on the connection's loop and must not block it. A non-null value the
 * promise fulfils with becomes the response body unless the handler set one. For blocking code,
 * wrap a {@link BlockingHandler} with {@link #blocking}.
 */
@FunctionalInterface
public interface Handler {

    Promise<?> handle(Context ctx) throws Exception;

    /**
     * A handler that runs {@code handler} on a virtual thread, where blocking (a JDBC call, a file)
     * is fine, and continues on the connection's loop with its result.
     */
    static Handler blocking(BlockingHandler handler) {
        return new VirtualThreadHandler(handler);
    }
}
