package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The choice itself with made-up availability; what a process really gets, in fresh JVMs. */
class TransportTest {
    private static final Supplier<Throwable> USABLE = () -> null;
    private static final Supplier<Throwable> NO_IO_URING =
            () -> new IOException("io_uring_setup: Operation not permitted");
    private static final Supplier<Throwable> NO_EPOLL =
            () -> new UnsatisfiedLinkError("no netty_transport_native_epoll");
    private final List<String> warnings = new ArrayList<>();

    @Test
    void autoIsEpollWhereItLoadsElseNioAndNeverIoUring() {
        assertThat(Transport.choose("auto", USABLE, USABLE, warnings::add)).isEqualTo(Transport.Kind.EPOLL);
        assertThat(Transport.choose("auto", USABLE, NO_EPOLL, warnings::add)).isEqualTo(Transport.Kind.NIO);
        assertThat(warnings).isEmpty();
    }

    @Test
    void ioUringIsUsedWhenAskedForAndUsable() {
        assertThat(Transport.choose("io_uring", USABLE, USABLE, warnings::add)).isEqualTo(Transport.Kind.IO_URING);
        assertThat(Transport.choose(" IO_URING ", USABLE, NO_EPOLL, warnings::add)).isEqualTo(Transport.Kind.IO_URING);
        assertThat(warnings).isEmpty();
    }

    @Test
    void anUnusableTransportFallsBackToTheNextOneDownAndSaysWhy() {
        assertThat(Transport.choose("io_uring", NO_IO_URING, USABLE, warnings::add)).isEqualTo(Transport.Kind.EPOLL);
        assertThat(Transport.choose("io_uring", NO_IO_URING, NO_EPOLL, warnings::add)).isEqualTo(Transport.Kind.NIO);
        assertThat(Transport.choose("epoll", USABLE, NO_EPOLL, warnings::add)).isEqualTo(Transport.Kind.NIO);
        assertThat(warnings).containsExactly(
                "shallot.transport=io_uring: io_uring cannot be used here"
                        + " (java.io.IOException: io_uring_setup: Operation not permitted); using epoll",
                "shallot.transport=io_uring: io_uring cannot be used here"
                        + " (java.io.IOException: io_uring_setup: Operation not permitted); using nio",
                "shallot.transport=epoll: native epoll cannot be used here"
                        + " (java.lang.UnsatisfiedLinkError: no netty_transport_native_epoll); using nio");
    }

    @Test
    void nioIsNioEvenWhereNativeTransportsLoad() {
        assertThat(Transport.choose("nio", USABLE, USABLE, warnings::add)).isEqualTo(Transport.Kind.NIO);
    }

    @Test
    void aSettingThatNamesNoTransportIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Transport.choose("uring", USABLE, USABLE, warnings::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shallot.transport must be one of auto, io_uring, epoll, nio; got 'uring'");
    }

    /** Runs one loop turn, then prints the transport it ran on. */
    public static void main(String[] args) {
        Loop loop = Loop.start();
        loop.shutdown().join();
        System.out.println("transport " + Transport.kind());
    }

    @Test
    void aProcessThatAsksForIoUringWhereItIsUsableRunsItsLoopsOnIt() throws Exception {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring cannot be used here: " + IoUring.unavailabilityCause());
        Child child = run(System.getProperty("java.class.path"), "-D" + Transport.PROPERTY + "=io_uring");
        assertThat(child.exitCode).as(child.output).isZero();
        assertThat(child.output).contains("transport io_uring").doesNotContain("cannot be used here");
    }

    @Test
    void aClassPathWithoutNettysIoUringJarsFallsBackToEpollAndSaysWhy() throws Exception {
        assumeTrue(Epoll.isAvailable(), () -> "epoll cannot be used here: " + Epoll.unavailabilityCause());
        String withoutIoUring = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !String.valueOf(Path.of(entry).getFileName()).contains("io_uring"))
                .collect(Collectors.joining(File.pathSeparator));
        Child child = run(withoutIoUring, "-D" + Transport.PROPERTY + "=io_uring");
        assertThat(child.exitCode).as(child.output).isZero();
        assertThat(child.output).contains("transport epoll").contains("shallot.transport=io_uring: io_uring cannot be"
                + " used here (java.lang.NoClassDefFoundError: io/netty/channel/uring/IoUring); using epoll");
    }

    @Test
    void aProcessGivenASettingThatNamesNoTransportFailsSayingWhatIsAllowed() throws Exception {
        Child child = run(System.getProperty("java.class.path"), "-D" + Transport.PROPERTY + "=uring");
        assertThat(child.exitCode).as(child.output).isNotZero();
        assertThat(child.output).contains("shallot.transport must be one of auto, io_uring, epoll, nio; got 'uring'")
                .doesNotContain("transport epoll");
    }

    private record Child(int exitCode, String output) {
    }

    private static Child run(String classpath, String property) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), property,
                "-cp", classpath, TransportTest.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended; output:%n%s", output).isTrue();
        return new Child(process.exitValue(), output);
    }
}
