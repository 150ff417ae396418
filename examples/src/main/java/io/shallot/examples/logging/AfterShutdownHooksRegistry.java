package io.shallot.examples.logging;

import io.shallot.loop.ShutdownHooks;
import java.time.Duration;
import org.apache.logging.log4j.core.util.DefaultShutdownCallbackRegistry;

/**
 * Log4j2's shutdown, run after Shallot's own shutdown hooks ({@link ShutdownHooks}) have finished,
 * named by the distribution's {@code log4j2.component.properties}. Log4j2 stops its loggers from a
 * JVM shutdown hook of its own, and the JVM runs every hook at once: without this, a server draining
 * its in-flight requests on Ctrl-C logged their access-log lines, and its own "stopped" messages,
 * after Log4j2 had stopped, and they went to stderr through Log4j2's fallback logger or nowhere. A
 * server's drain is bounded (30 s by default), so the wait is too.
 */
public final class AfterShutdownHooksRegistry extends DefaultShutdownCallbackRegistry {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    @Override
    public void run() {
        try {
            ShutdownHooks.awaitAll(MAX_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.run();
    }
}
