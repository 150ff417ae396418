package io.shallot.web.middleware.internal;

import io.shallot.loop.Loop;
import org.slf4j.Logger;

/**
 * One loop's log lines of the current turn, handed to SLF4J as a single event in the loop's check
 * phase (after the turn's I/O), or sooner once {@value #FLUSH_CHARS} characters are waiting. Under
 * load a turn finishes many requests, so the backend's per-event work (its queue, its layout, its
 * encoder and its file write) is paid once per turn rather than once per request. Lines are
 * separated by {@code '\n'}. Loop thread only.
 */
public final class LineBatch implements Runnable {
    static final int FLUSH_CHARS = 32 * 1024;
    private final Logger log;
    private final Loop loop;
    private final StringBuilder lines = new StringBuilder(FLUSH_CHARS + 512);
    private boolean scheduled;

    public LineBatch(Logger log, Loop loop) {
        this.log = log;
        this.loop = loop;
    }

    /** Starts a line: append it to the returned builder, then call {@link #end()}. */
    public StringBuilder begin() {
        if (!lines.isEmpty()) {
            lines.append('\n');
        }
        return lines;
    }

    public void end() {
        if (lines.length() >= FLUSH_CHARS) {
            flush();
        } else if (!scheduled) {
            scheduled = true;
            loop.setImmediate(this);
        }
    }

    /** The check phase: the turn's lines go out. */
    @Override
    public void run() {
        scheduled = false;
        flush();
    }

    private void flush() {
        if (lines.isEmpty()) {
            return;
        }
        String text = lines.toString();
        lines.setLength(0);
        log.info(text);
    }
}
