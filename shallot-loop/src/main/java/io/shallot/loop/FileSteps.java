package io.shallot.loop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Node's {@code fs.readFile} and {@code fs.writeFile} as libuv does them: open, fstat, read (in
 * 512 KiB pieces), close, each a separate thread-pool request whose callback comes back through the
 * loop. So they take several loop iterations, and an immediate queued beside them runs first, as in
 * Node. Errors carry the syscall that failed ({@code open} with the path, {@code read} without).
 */
final class FileSteps {
    static final int CHUNK = 512 * 1024;

    private FileSteps() {
    }

    static void readFile(Loop loop, String path, Callback<byte[]> callback) {
        step(loop, "open", path, () -> FileChannel.open(Path.of(path), StandardOpenOption.READ), callback, channel ->
                step(loop, "fstat", null, channel::size, closeOnError(loop, channel, callback), size ->
                        readChunks(loop, channel, new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8)), callback)));
    }

    private static void readChunks(Loop loop, FileChannel channel, ByteArrayOutputStream data, Callback<byte[]> callback) {
        step(loop, "read", null, () -> {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            int n = channel.read(buffer);
            if (n > 0) {
                data.write(buffer.array(), 0, n);
            }
            return n;
        }, closeOnError(loop, channel, callback), n -> {
            if (n > 0) {
                readChunks(loop, channel, data, callback);
            } else {
                step(loop, "close", null, () -> {
                    channel.close();
                    return null;
                }, callback, closed -> callback.call(null, data.toByteArray()));
            }
        });
    }

    static void writeFile(Loop loop, String path, byte[] data, Callback<Void> callback) {
        step(loop, "open", path, () -> FileChannel.open(Path.of(path), StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), callback, channel ->
                writeChunks(loop, channel, data, 0, callback));
    }

    private static void writeChunks(Loop loop, FileChannel channel, byte[] data, int offset, Callback<Void> callback) {
        if (offset >= data.length) {
            step(loop, "close", null, () -> {
                channel.close();
                return null;
            }, callback, closed -> callback.call(null, null));
            return;
        }
        step(loop, "write", null, () -> channel.write(ByteBuffer.wrap(data, offset, Math.min(CHUNK, data.length - offset))),
                closeOnError(loop, channel, callback), written -> writeChunks(loop, channel, data, offset + written, callback));
    }

    private interface Work<T> {
        T call() throws IOException;
    }

    /** One thread-pool request; its result continues on the loop, a failure ends in the callback. */
    private static <T, R> void step(Loop loop, String syscall, String path, Work<T> work, Callback<R> failed, Consumer<T> next) {
        loop.submit(Pools.fs(), work::call, (error, value) -> {
            if (error != null) {
                failed.call(Fs.translate(error, syscall, path), null);
            } else {
                next.accept(value);
            }
        });
    }

    private static <R> Callback<R> closeOnError(Loop loop, FileChannel channel, Callback<R> callback) {
        return (error, value) -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original error is the one worth reporting
            }
            callback.call(error, value);
        };
    }
}
