package io.shallot.cluster.internal;

import java.util.ArrayList;
import java.util.List;

/** The JVM flags Netty needs on a given JDK, for every JVM the process manager starts (bin/jdk.sh's twin). */
public final class NettyFlags {
    private NettyFlags() {
    }

    public static List<String> forJdk(int jdk) {
        // Netty loads its native epoll transport; without this JDK 22+ prints a warning into every log
        List<String> flags = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        // from JDK 25 Netty keeps off sun.misc.Unsafe unless the JVM allows its memory access, and
        // its buffers are slower without it; JDK 21 and 22 do not know the flag and would not start
        if (jdk >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }
}
