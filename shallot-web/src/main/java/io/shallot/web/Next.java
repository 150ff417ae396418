package io.shallot.web;

import io.shallot.loop.Promise;

/** Runs the rest of the chain; call it at most once. The promise settles when downstream is done. */
@FunctionalInterface
public interface Next {
    Promise<Void> run();
}
