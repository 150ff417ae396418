package io.shallot.cluster.daemon.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J backend, chosen with {@code -Dslf4j.provider} on the daemon's command line
 * only (it is not registered as a service, so workers on the same classpath never see it). The
 * daemon logs a few lines per restart; Log4j2, which the CLI's classpath usually carries, would
 * load about 900 classes, an XML parser and a 4,096-event ring buffer polled 1,000 times a second
 * for that, a quarter of the daemon's memory (bench/README.md, "Process manager vs PM2").
 */
public final class DaemonLogProvider implements SLF4JServiceProvider {
    private final Map<String, DaemonLogger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, n -> new DaemonLogger(n, System.err));
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the loggers write to stderr, which the CLI points at daemon.log
    }
}
