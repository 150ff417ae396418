package io.shallot.cluster.logs;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr into a {@link LogWriter} line by line. Every pipe of every child
 * is served by one platform thread, {@code shallot-logs}, which copies what {@link
 * InputStream#available} says each pipe holds and sleeps {@link #IDLE_MS} when none held anything. A
 * blocking read per pipe would need a thread per pipe: a virtual thread blocked reading a pipe holds
 * its carrier thread, so 4 apps with spares kept about 25 carrier threads alive in the daemon, each
 * with a stack. A line longer than {@link #MAX_LINE} bytes is split, so a child that never prints a
 * line break cannot make the daemon buffer without bound.
 */
public final class LinePump {
    public static final int MAX_LINE = 16 * 1024;
    /** The longest a line waits in its pipe; also how often an idle daemon wakes up to look (50 times a second). */
    static final long IDLE_MS = 20;
    private static final List<LinePump> PUMPS = new CopyOnWriteArrayList<>();
    private static final Object WAKE = new Object();
    private static Thread thread;
    private final InputStream in;
    private final Supplier<LogWriter> writer;
    private final BooleanSupplier alive;
    private final byte[] line = new byte[MAX_LINE];
    private int len;

    private LinePump(InputStream in, Supplier<LogWriter> writer, BooleanSupplier alive) {
        this.in = in;
        this.writer = writer;
        this.alive = alive;
    }

    /**
     * Copies {@code in} until it ends or, once {@code alive} says the child is gone, until it is
     * drained; {@code writer} is asked for the current writer at each chunk (it may be swapped).
     */
    public static void start(InputStream in, Supplier<LogWriter> writer, BooleanSupplier alive) {
        PUMPS.add(new LinePump(in, writer, alive));
        synchronized (WAKE) {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("shallot-logs").start(LinePump::serve);
            }
            WAKE.notifyAll();
        }
    }

    /** Copies {@code in} to its end on the calling thread. */
    static void run(InputStream in, Supplier<LogWriter> writer) {
        LinePump pump = new LinePump(in, writer, () -> false);
        byte[] chunk = new byte[8192];
        while (pump.poll(chunk)) {
            // until drained
        }
    }

    private static void serve() {
        byte[] chunk = new byte[8192];
        while (true) {
            boolean copied = false;
            for (LinePump pump : PUMPS) {
                copied = pump.poll(chunk) || copied;
            }
            if (!copied) {
                synchronized (WAKE) {
                    try {
                        WAKE.wait(PUMPS.isEmpty() ? 0 : IDLE_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Copies what the pipe holds now; false when it held nothing, or when the pump has ended. */
    private boolean poll(byte[] chunk) {
        try {
            // asked before the pipe: whatever a child that is gone wrote is in the pipe by now
            boolean gone = !alive.getAsBoolean();
            int n = in.available();
            if (n == 0 && !gone) {
                return false;
            }
            int read = n == 0 ? -1 : in.read(chunk, 0, Math.min(n, chunk.length));
            if (read > 0) {
                copy(chunk, read);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // the child is gone or its log was closed by delete; and whatever it was, the thread
            // serves every other pipe too, so only this pump ends
        }
        end();
        return false;
    }

    private void copy(byte[] chunk, int n) throws IOException {
        LogWriter w = writer.get();
        for (int i = 0; i < n; i++) {
            byte b = chunk[i];
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

    private void end() {
        PUMPS.remove(this);
        try (in) {
            if (len > 0) {
                LogWriter w = writer.get();
                w.line(line, 0, len);
                w.flush();
                len = 0;
            }
        } catch (IOException | RuntimeException e) {
            // as above
        }
    }
}
