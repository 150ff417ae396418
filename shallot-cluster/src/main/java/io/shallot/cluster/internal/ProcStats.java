package io.shallot.cluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from Linux's /proc (what {@code ps} reads). */
public final class ProcStats {
    /** Clock ticks per second of /proc/PID/stat times; 100 on every Linux the JDK supports. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long PAGE = 4096;

    private ProcStats() {
    }

    /** {cpu time in ms, resident bytes}, or null when the process is gone. */
    public static long[] sample(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces; fields are counted after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long rssPages = Long.parseLong(f[21]);
            return new long[] {ticks * 1000 / TICKS_PER_SECOND, rssPages * PAGE};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
