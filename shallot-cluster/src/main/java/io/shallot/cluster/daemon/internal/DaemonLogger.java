package io.shallot.cluster.daemon.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line per event, in the layout of the distribution's log4j2.xml
 * ({@code HH:mm:ss.SSS LEVEL [thread] Logger - message}, then at most {@link #TRACE_LINES} lines of
 * the throwable's stack trace), written synchronously: the daemon logs rarely, and a line must be in
 * daemon.log before a crash can lose it. INFO and above; Netty's own loggers WARN and above, as in
 * log4j2.xml.
 */
final class DaemonLogger extends LegacyAbstractLogger {
    static final int TRACE_LINES = 8;
    private static final String[] LEVELS = {"ERROR", "WARN ", "INFO ", "DEBUG", "TRACE"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private final transient PrintStream out;
    private final String shortName;
    private final int threshold;

    DaemonLogger(String name, PrintStream out) {
        this.name = name;
        this.out = out;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = (name.startsWith("io.netty.") ? Level.WARN : Level.INFO).toInt();
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        StringBuilder line = new StringBuilder(128).append(TIME.format(LocalTime.now())).append(' ')
                .append(LEVELS[level.ordinal()]).append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(shortName).append(" - ").append(MessageFormatter.basicArrayFormat(pattern, args)).append('\n');
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().limit(TRACE_LINES).forEach(l -> line.append(l).append('\n'));
        }
        synchronized (out) {
            out.print(line);
            out.flush();
        }
    }
}
