package io.shallot.cluster.logs;

import io.shallot.cluster.config.DateFormats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One log file: lines are appended (each prefixed with the time when a date format is set) and
 * the file is rotated when it would grow past {@code maxBytes}: {@code out.log} becomes
 * {@code out.log.1}, {@code .1} becomes {@code .2} and so on, keeping {@code retain} old files.
 * Thread-safe: the output pumps of several instances share one writer under {@code merge_logs}.
 * Memory: one buffered stream, whatever the amount written.
 */
public final class LogWriter implements AutoCloseable {
    private final Path file;
    private final DateTimeFormatter dateFormat;
    private final long maxBytes;
    private final int retain;
    private final Clock clock;
    private OutputStream out;
    private long size;
    private boolean closed;

    public LogWriter(Path file, String dateFormat, long maxBytes, int retain, Clock clock) throws IOException {
        this.file = file;
        this.dateFormat = dateFormat == null ? null : DateFormats.parse(dateFormat);
        this.maxBytes = maxBytes;
        this.retain = retain;
        this.clock = clock;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    public Path file() {
        return file;
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 8192);
        size = Files.size(file);
    }

    /** Appends one line (without its line break); {@link #flush()} makes it visible to readers. */
    public synchronized void line(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            return;
        }
        byte[] prefix = dateFormat == null ? null
                : (dateFormat.format(ZonedDateTime.now(clock)) + ": ").getBytes(StandardCharsets.UTF_8);
        long needed = length + 1 + (prefix == null ? 0 : prefix.length);
        if (maxBytes > 0 && size > 0 && size + needed > maxBytes) {
            rotate();
        }
        if (prefix != null) {
            out.write(prefix);
        }
        out.write(bytes, offset, length);
        out.write('\n');
        size += needed;
    }

    public void line(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        line(b, 0, b.length);
    }

    public synchronized void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    private void rotate() throws IOException {
        out.close();
        if (retain == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(retain));
            for (int i = retain - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
