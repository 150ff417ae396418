package io.shallot.web.middleware;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects the formatted messages one Log4j2 logger writes at INFO and above, while open. */
public final class LogCapture implements AutoCloseable {
    private final String name;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    public LogCapture(String name) {
        this.name = name;
        this.appender = new AbstractAppender("capture-" + name, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                lines.addAll(List.of(message.split("\n", -1)));
                events.add(message);
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
        logger.addAppender(appender, Level.INFO, null);
        config.addLogger(name, logger);
        context.updateLoggers();
    }

    /** Every event's message. */
    public List<String> events() {
        return events;
    }

    /** The messages' lines, in order: an event of several lines gives each of them. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(name);
        context.updateLoggers();
        appender.stop();
    }
}
