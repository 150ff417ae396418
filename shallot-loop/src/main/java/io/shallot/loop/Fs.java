package io.shallot.loop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Node's {@code fs} for one loop: each blocking call runs on the shared bounded file pool (libuv's
 * thread pool, {@code shallot.fs.threads}), and the callback runs back on the loop in its poll
 * phase. {@code readFile} and {@code writeFile} are several such requests, as in Node. Each method comes in two forms: Node's error-first callback, and a {@link Promise}.
 * Failures are {@link FsException}s carrying Node's codes. Loop-thread only.
 */
public final class Fs {
    private final Loop loop;

    Fs(Loop loop) {
        this.loop = loop;
    }

    public void readFile(String path, Callback<byte[]> callback) {
        loop.checkThread("fs.readFile");
        FileSteps.readFile(loop, path, callback);
    }

    public Promise<byte[]> readFile(String path) {
        return promised(callback -> readFile(path, callback));
    }

    /** Reads a file as UTF-8, like {@code readFile(path, {encoding: 'utf-8'})}. */
    public void readText(String path, Callback<String> callback) {
        readFile(path, (error, bytes) -> callback.call(error, error == null ? new String(bytes, StandardCharsets.UTF_8) : null));
    }

    public Promise<String> readText(String path) {
        return promised(callback -> readText(path, callback));
    }

    public void writeFile(String path, byte[] data, Callback<Void> callback) {
        loop.checkThread("fs.writeFile");
        FileSteps.writeFile(loop, path, data.clone(), callback);
    }

    public void writeFile(String path, String data, Callback<Void> callback) {
        writeFile(path, data.getBytes(StandardCharsets.UTF_8), callback);
    }

    public Promise<Void> writeFile(String path, byte[] data) {
        return promised(callback -> writeFile(path, data, callback));
    }

    public Promise<Void> writeFile(String path, String data) {
        return promised(callback -> writeFile(path, data, callback));
    }

    public void stat(String path, Callback<Stat> callback) {
        run("stat", path, () -> {
            BasicFileAttributes a = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return new Stat(a.size(), a.isRegularFile(), a.isDirectory(), a.lastModifiedTime().toMillis());
        }, callback);
    }

    public Promise<Stat> stat(String path) {
        return promised(callback -> stat(path, callback));
    }

    /** The names in a directory, sorted (libuv's scandir sorts them). */
    public void readdir(String path, Callback<List<String>> callback) {
        run("scandir", path, () -> {
            try (Stream<Path> entries = Files.list(Path.of(path))) {
                return entries.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }, callback);
    }

    public Promise<List<String>> readdir(String path) {
        return promised(callback -> readdir(path, callback));
    }

    public void unlink(String path, Callback<Void> callback) {
        run("unlink", path, () -> {
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                throw new FsException("EISDIR", "illegal operation on a directory", "unlink", path, null);
            }
            Files.delete(p);
            return null;
        }, callback);
    }

    public Promise<Void> unlink(String path) {
        return promised(callback -> unlink(path, callback));
    }

    private <T> void run(String syscall, String path, Callable<T> work, Callback<T> callback) {
        loop.checkThread("fs." + syscall);
        loop.submit(Pools.fs(), work, (error, value) -> {
            if (error != null) {
                callback.call(translate(error, syscall, path), null);
            } else {
                callback.call(null, value);
            }
        });
    }

    private <T> Promise<T> promised(Consumer<Callback<T>> start) {
        Deferred<T> deferred = Promise.defer(loop);
        start.accept((error, value) -> {
            if (error != null) {
                deferred.reject(error);
            } else {
                deferred.resolve(value);
            }
        });
        return deferred.promise();
    }

    static Throwable translate(Throwable error, String syscall, String path) {
        if (error instanceof FsException) {
            return error;
        }
        if (error instanceof NoSuchFileException) {
            return new FsException("ENOENT", "no such file or directory", syscall, path, error);
        }
        if (error instanceof AccessDeniedException) {
            return new FsException("EACCES", "permission denied", syscall, path, error);
        }
        if (error instanceof FileAlreadyExistsException) {
            return new FsException("EEXIST", "file already exists", syscall, path, error);
        }
        if (error instanceof DirectoryNotEmptyException) {
            return new FsException("ENOTEMPTY", "directory not empty", syscall, path, error);
        }
        if (error instanceof NotDirectoryException) {
            return new FsException("ENOTDIR", "not a directory", syscall, path, error);
        }
        if (error instanceof IOException io && io.getMessage() != null && io.getMessage().contains("Is a directory")) {
            return new FsException("EISDIR", "illegal operation on a directory", syscall, path, error);
        }
        if (error instanceof IOException) {
            return new FsException("EIO", "i/o error: " + error.getMessage(), syscall, path, error);
        }
        return error;
    }
}
