package io.shallot.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Objects;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.AsyncQueueFullPolicyFactory;
import org.apache.logging.log4j.core.async.DiscardingAsyncQueueFullPolicy;
import org.apache.logging.log4j.core.async.EventRoute;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/** The distribution's log4j2.xml, started on its own: async loggers whose writer waits by the work it finds. */
class DistributionLoggingTest {
    @Test
    void everyLoggerIsAsyncAndTheWriterUsesTheSliceStrategy() throws Exception {
        URI file = Objects.requireNonNull(getClass().getClassLoader().getResource("log4j2.xml")).toURI();
        LoggerContext context = Configurator.initialize("distribution-" + System.nanoTime(), null, file);
        try {
            Configuration config = context.getConfiguration();
            assertThat(config.getAsyncWaitStrategyFactory()).isInstanceOf(SliceWaitStrategyFactory.class);
            assertThat(config.getRootLogger()).isInstanceOf(AsyncLoggerConfig.class);
            assertThat(config.getLoggerConfig("io.shallot.web.access")).isInstanceOf(AsyncLoggerConfig.class)
                    .extracting(logger -> logger.getName()).isEqualTo("io.shallot.web.access");
            assertThat(config.getLoggerConfig("io.netty")).isInstanceOf(AsyncLoggerConfig.class);
        } finally {
            Configurator.shutdown(context);
        }
    }

    /**
     * The distribution's log4j2.component.properties: with the writer behind and its queue full, an
     * INFO line (the access log's) is dropped rather than making the logging thread, an event loop,
     * wait; a WARN or an ERROR still waits for room.
     */
    @Test
    void aFullQueueDropsInfoLinesInsteadOfBlockingTheThreadThatLogs() {
        AsyncQueueFullPolicy policy = AsyncQueueFullPolicyFactory.create();
        long writerThread = -1;
        assertThat(policy).isInstanceOf(DiscardingAsyncQueueFullPolicy.class);
        assertThat(policy.getRoute(writerThread, Level.INFO)).isEqualTo(EventRoute.DISCARD);
        assertThat(policy.getRoute(writerThread, Level.WARN)).isEqualTo(EventRoute.ENQUEUE);
        assertThat(policy.getRoute(writerThread, Level.ERROR)).isEqualTo(EventRoute.ENQUEUE);
    }
}
