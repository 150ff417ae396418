package io.shallot.web;

/**
 * A route end that may block: it runs on a virtual thread (see {@link Handler#blocking}). It may
 * read the request and set the response on {@code ctx}; the loop does not touch {@code ctx} until
 * it returns. A non-null return value becomes the response body unless one was set.
 */
@FunctionalInterface
public interface BlockingHandler {
    Object handle(Context ctx) throws Exception;
}
