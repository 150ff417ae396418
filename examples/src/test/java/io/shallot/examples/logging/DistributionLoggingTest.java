package io.shallot.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Objects;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
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
}
