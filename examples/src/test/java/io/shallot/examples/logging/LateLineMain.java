package io.shallot.examples.logging;

import io.shallot.loop.ShutdownHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Run by {@link ShutdownLoggingTest} in a JVM of its own: a shutdown hook that logs after a second's drain. */
public final class LateLineMain {
    private LateLineMain() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("late");
        ShutdownHooks.add("draining", () -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("line logged by a draining hook");
        });
        log.info("started");
        System.exit(0);
    }
}
