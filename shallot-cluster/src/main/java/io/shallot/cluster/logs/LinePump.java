package io.shallot.cluster.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr into a {@link LogWriter} line by line until the stream ends,
 * on a virtual thread. A line longer than {@link #MAX_LINE} bytes is split, so a child that never
 * prints a line break cannot make the daemon buffer without bound.
 */
public final class LinePump {
    public static final int MAX_LINE = 16 * 1024;

    private LinePump() {
    }

    /** Starts the pump; {@code writer} is asked for the current writer at each chunk (it may be swapped). */
    public static Thread start(String name, InputStream in, Supplier<LogWriter> writer) {
        return Thread.ofVirtual().name(name).start(() -> run(in, writer));
    }

    static void run(InputStream in, Supplier<LogWriter> writer) {
        byte[] buf = new byte[8192];
        byte[] line = new byte[MAX_LINE];
        int len = 0;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                LogWriter w = writer.get();
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n' || len == MAX_LINE) {
                        int end = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
                        w.line(line, 0, end);
                        len = 0;
                        if (b == '\n') {
                            continue;
                        }
                    }
                    line[len++] = b;
                }
                w.flush();
            }
            if (len > 0) {
                LogWriter w = writer.get();
                w.line(line, 0, len);
                w.flush();
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the child is gone or the file was closed by delete: nothing left to copy
        }
    }
}
