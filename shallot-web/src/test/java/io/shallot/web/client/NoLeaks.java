package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reports a buffer that was collected unreleased.
 * Netty logs reports as errors on the {@code io.netty.util.ResourceLeakDetector} logger (through
 * SLF4J to Log4j 2 in tests); an extra appender on that logger collects them. Reports appear only
 * after the leaked buffer is garbage-collected and the next buffer is allocated, so the check runs
 * a few GC-and-allocate rounds first. The surefire argLine sets the level to paranoid.
 */
public final class NoLeaks implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        assertThat(REPORTS).as("Netty leak reports").isEmpty();
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(16);
                probe.release();
            }
        }
        assertThat(REPORTS).as("Netty leak reports").isEmpty();
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        AbstractAppender appender = new AbstractAppender("netty-leaks", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                if (message.contains("LEAK")) {
                    REPORTS.add(message);
                }
            }
        };
        appender.start();
        Logger logger = (Logger) LogManager.getLogger(ResourceLeakDetector.class.getName());
        logger.addAppender(appender);
        installed = true;
    }

    /** Whether a leak report would reach us: Netty reports only when its logger has errors enabled. */
    static boolean reportsEnabled() {
        return io.netty.util.internal.logging.InternalLoggerFactory.getInstance(ResourceLeakDetector.class).isErrorEnabled();
    }
}
