package io.shallot.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonJvmArgsTest {
    @Test
    void thisJdkAcceptsEveryFlagItIsGiven() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DaemonClient.daemonJvmArgs(Runtime.version().feature()));
        cmd.add("-version");
        Process java = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
    }

    @Test
    void aJdkOlderThanAFlagRunsWithoutIt() {
        assertThat(DaemonClient.daemonJvmArgs(21)).contains("-XX:+UseSerialGC", "-Xshare:off")
                .doesNotContain("-XX:+UseCompactObjectHeaders", "--sun-misc-unsafe-memory-access=allow",
                        "-XX:TrimNativeHeapInterval=5000");
        assertThat(DaemonClient.daemonJvmArgs(25)).contains("-XX:+UseCompactObjectHeaders",
                "--sun-misc-unsafe-memory-access=allow", "-XX:TrimNativeHeapInterval=5000");
    }
}
