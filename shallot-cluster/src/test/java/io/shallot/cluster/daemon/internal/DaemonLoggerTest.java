package io.shallot.cluster.daemon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DaemonLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneLineInTheLayoutOfTheDistributionsLog4j2Config() {
        new DaemonLogger("io.shallot.cluster.supervisor.AppSupervisor", out).info("{} (pid {}): online", "web#0", 42);
        assertThat(written()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[" + Thread.currentThread().getName()
                + "\\] AppSupervisor - web#0 \\(pid 42\\): online\n");
    }

    @Test
    void keepsTheFirstLinesOfAStackTrace() {
        Exception deep = new IllegalStateException("boom", new RuntimeException("cause"));
        new DaemonLogger("io.shallot.cluster.daemon.Daemon", out).warn("request {} failed", "start", deep);
        String[] lines = written().split("\n");
        assertThat(lines[0]).endsWith("WARN  [" + Thread.currentThread().getName() + "] Daemon - request start failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines).hasSize(1 + DaemonLogger.TRACE_LINES);
    }

    @Test
    void dropsDebugEverywhereAndNettyBelowWarn() {
        DaemonLogger daemon = new DaemonLogger("io.shallot.cluster.daemon.Daemon", out);
        DaemonLogger netty = new DaemonLogger("io.netty.channel.DefaultChannelPipeline", out);
        daemon.debug("hidden");
        netty.info("hidden too");
        netty.warn("shown");
        assertThat(written()).doesNotContain("hidden").contains("DefaultChannelPipeline - shown");
        assertThat(daemon.isInfoEnabled()).isTrue();
        assertThat(netty.isInfoEnabled()).isFalse();
    }
}
