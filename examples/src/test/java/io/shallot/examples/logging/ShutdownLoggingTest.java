package io.shallot.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The distribution's logging on exit, in a JVM of its own: a line logged by a shutdown hook that is
 * still draining reaches the configured appender, because Log4j2 stops only after Shallot's hooks.
 */
class ShutdownLoggingTest {
    private static final String LATE = "INFO  [draining] late - line logged by a draining hook";

    @Test
    void aHookThatLogsWhileDrainingIsWrittenBeforeLog4jStops() throws Exception {
        String stderr = run();
        assertThat(stderr).contains("INFO  [main] late - started").contains(LATE)
                .doesNotContain("Unable to register Log4j shutdown hook");
    }

    @Test
    void withLog4jsOwnShutdownTheDrainingHooksLineIsLost() throws Exception {
        String stderr = run("-Dlog4j.shutdownCallbackRegistry=org.apache.logging.log4j.core.util.DefaultShutdownCallbackRegistry");
        assertThat(stderr).contains("INFO  [main] late - started").doesNotContain(LATE);
    }

    private static String run(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        // the distribution's configuration, not the tests' log4j2-test.xml
        command.add("-Dlog4j2.configurationFile=" + Path.of("target", "classes", "log4j2.xml").toAbsolutePath());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LateLineMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
