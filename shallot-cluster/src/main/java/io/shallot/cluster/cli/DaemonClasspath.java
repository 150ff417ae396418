package io.shallot.cluster.cli;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.shallot.cluster.daemon.Daemon;
import io.shallot.loop.Loop;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daemon's own classpath: the entries of the CLI's that hold the classes it runs (shallot-cluster,
 * shallot-loop, Netty, SLF4J, HdrHistogram) and Netty's native epoll library. The CLI's whole
 * classpath goes to the daemon as {@code -Dshallot.classpath}, for the apps that name none. Every
 * jar a JVM opens keeps its central directory on the heap, and the daemon's lookups opened every
 * jar before the one holding a class: with the 76 jars of the examples, 2.6 MB of live heap.
 */
final class DaemonClasspath {
    /** One class of each library the daemon uses. */
    private static final List<Class<?>> LIBRARIES = List.of(Daemon.class, Loop.class, io.netty.util.Version.class,
            io.netty.buffer.ByteBuf.class, io.netty.channel.Channel.class, Epoll.class, Socket.class,
            LengthFieldBasedFrameDecoder.class, org.slf4j.Logger.class, org.HdrHistogram.Histogram.class);
    /** The jar with libnetty_transport_native_epoll for this platform (Maven's name for it); it has no classes. */
    private static final String NATIVE_EPOLL = "netty-transport-native-epoll";

    private DaemonClasspath() {
    }

    /** {@code classpath} (absolute entries) without what the daemon does not use; all of it when a library's place is unknown. */
    static String of(String classpath) {
        Set<Path> used = new HashSet<>();
        for (Class<?> c : LIBRARIES) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return classpath;
            }
            try {
                used.add(Path.of(source.getLocation().toURI()).normalize());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return classpath;
            }
        }
        List<String> kept = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(e -> used.contains(Path.of(e).normalize()) || String.valueOf(Path.of(e).getFileName()).startsWith(NATIVE_EPOLL))
                .toList();
        boolean complete = kept.stream().map(e -> Path.of(e).normalize()).filter(used::contains).distinct().count() == used.size();
        return complete ? String.join(File.pathSeparator, kept) : classpath;
    }
}
