package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Netty's leak detection is off in a process that runs a Shallot loop unless the user set its
 * level. Checked in fresh JVMs, since the suite itself runs with {@code paranoid}.
 */
class LeakDetectionDefaultTest {

    /** Starts a loop, then prints Netty's leak detection level. */
    public static void main(String[] args) {
        Loop loop = Loop.start();
        loop.shutdown().join();
        System.out.println(ResourceLeakDetector.getLevel());
    }

    @Test
    void offWhenTheUserSetNothing() throws Exception {
        assertThat(levelInFreshJvm()).isEqualTo("DISABLED");
    }

    @Test
    void theUsersLevelWins() throws Exception {
        assertThat(levelInFreshJvm("-Dio.netty.leakDetection.level=advanced")).isEqualTo("ADVANCED");
        assertThat(levelInFreshJvm("-Dio.netty.leakDetectionLevel=simple")).isEqualTo("SIMPLE");
    }

    private static String levelInFreshJvm(String... jvmArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LeakDetectionDefaultTest.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.getLast().trim();
    }
}
