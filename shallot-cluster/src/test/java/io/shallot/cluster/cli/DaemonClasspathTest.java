package io.shallot.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonClasspathTest {
    private static final String CLASSPATH = CliContext.absolute(System.getProperty("java.class.path"));

    @Test
    void keepsTheDaemonsLibrariesAndNettysNativeLibraryOnly() {
        List<String> kept = List.of(DaemonClasspath.of(CLASSPATH).split(File.pathSeparator));
        assertThat(kept).anyMatch(e -> e.endsWith("shallot-cluster/target/classes"))
                .anyMatch(e -> e.contains("netty-common")).anyMatch(e -> e.contains("netty-codec-base"))
                .anyMatch(e -> e.contains("netty-transport-native-epoll")).anyMatch(e -> e.contains("slf4j-api"))
                .noneMatch(e -> e.contains("jackson")).noneMatch(e -> e.contains("picocli")).noneMatch(e -> e.contains("junit"));
        assertThat(List.of(CLASSPATH.split(File.pathSeparator))).containsSubsequence(kept);
    }

    @Test
    void keepsEverythingWhenALibraryIsNotOnTheClasspath() {
        String elsewhere = "/nowhere/a.jar" + File.pathSeparator + "/nowhere/b.jar";
        assertThat(DaemonClasspath.of(elsewhere)).isEqualTo(elsewhere);
    }
}
