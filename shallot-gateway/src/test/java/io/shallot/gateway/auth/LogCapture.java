package io.shallot.gateway.auth;

import java.io.StringWriter;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything every logger writes, at every level, into a string while open (the console appender
 * is detached meanwhile so the test output stays readable).
 */
public final class LogCapture implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root;
    private final Level previousLevel;
    private final Map<String, Appender> previousAppenders;
    private final WriterAppender appender;

    public LogCapture() {
        Configuration config = context.getConfiguration();
        root = config.getRootLogger();
        previousLevel = root.getLevel();
        previousAppenders = root.getAppenders();
        appender = WriterAppender.newBuilder().setName("capture").setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %level %m %throwable%n").build()).build();
        appender.start();
        previousAppenders.keySet().forEach(root::removeAppender);
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.ALL);
        context.updateLoggers();
    }

    public synchronized String text() {
        return out.toString();
    }

    @Override
    public void close() {
        root.removeAppender(appender.getName());
        previousAppenders.values().forEach(a -> root.addAppender(a, null, null));
        root.setLevel(previousLevel);
        context.updateLoggers();
        appender.stop();
    }
}
