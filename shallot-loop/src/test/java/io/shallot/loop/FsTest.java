package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsTest {

    @TempDir
    Path dir;

    private static List<Object> record(BiConsumer<Loop, List<Object>> script) {
        List<Object> out = new CopyOnWriteArrayList<>();
        Loop.run(loop -> script.accept(loop, out));
        return out;
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    /** The failure a callback or promise got, checked to be an FsException. */
    private static FsException fsError(Object error) {
        assertThat(error).isInstanceOf(FsException.class);
        return (FsException) error;
    }

    // ---------------------------------------------------------------- callbacks

    @Test
    void callbackFormsWorkEndToEndAndRunOnTheLoopThread() throws Exception {
        String file = path("hello.txt");
        Files.writeString(dir.resolve("b.txt"), "b");
        List<Object> out = record((loop, o) -> {
            Thread loopThread = Thread.currentThread();
            Fs fs = loop.fs();
            fs.writeFile(file, "héllo wörld", (e1, v1) -> {
                o.add("write " + e1 + " " + v1 + " on loop " + (Thread.currentThread() == loopThread));
                fs.readText(file, (e2, text) -> {
                    o.add("text " + text + " on loop " + (Thread.currentThread() == loopThread));
                    fs.readFile(file, (e3, bytes) -> {
                        o.add("bytes " + bytes.length + " " + new String(bytes, StandardCharsets.UTF_8));
                        fs.stat(file, (e4, stat) -> {
                            o.add("stat size " + stat.size() + " file " + stat.isFile() + " dir " + stat.isDirectory());
                            fs.readdir(dir.toString(), (e5, names) -> {
                                o.add("readdir " + names);
                                fs.unlink(file, (e6, v6) -> {
                                    o.add("unlink " + e6 + " on loop " + (Thread.currentThread() == loopThread));
                                    fs.readdir(dir.toString(), (e7, left) -> o.add("left " + left));
                                });
                            });
                        });
                    });
                });
            });
        });
        int utf8Length = "héllo wörld".getBytes(StandardCharsets.UTF_8).length;
        assertThat(out).containsExactly(
                "write null null on loop true",
                "text héllo wörld on loop true",
                "bytes " + utf8Length + " héllo wörld",
                "stat size " + utf8Length + " file true dir false",
                "readdir [b.txt, hello.txt]",
                "unlink null on loop true",
                "left [b.txt]");
        assertThat(dir.resolve("hello.txt")).doesNotExist();
    }

    @Test
    void writeFileWritesBytesAndCopiesTheArray() throws Exception {
        String file = path("bytes.bin");
        byte[] data = {1, 2, 3};
        record((loop, o) -> {
            loop.fs().writeFile(file, data, (e, v) -> o.add("written"));
            data[0] = 9; // Node copies the buffer content at call time, so does Fs
        });
        assertThat(Files.readAllBytes(Path.of(file))).containsExactly(1, 2, 3);
    }

    @Test
    void statTellsADirectoryAndTheModificationTime() throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "12345");
        long mtime = Files.getLastModifiedTime(file).toMillis();
        AtomicReference<Stat> fileStat = new AtomicReference<>();
        AtomicReference<Stat> dirStat = new AtomicReference<>();
        record((loop, o) -> {
            loop.fs().stat(file.toString(), (e, s) -> fileStat.set(s));
            loop.fs().stat(dir.toString(), (e, s) -> dirStat.set(s));
        });
        assertThat(fileStat.get()).isEqualTo(new Stat(5, true, false, mtime));
        assertThat(dirStat.get().isDirectory()).isTrue();
        assertThat(dirStat.get().isFile()).isFalse();
    }

    @Test
    void readdirIsSortedByteWiseLikeLibuv() throws Exception {
        for (String name : List.of("b.txt", "a.txt", "C.txt", "_x")) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.createDirectory(dir.resolve("sub"));
        AtomicReference<List<String>> names = new AtomicReference<>();
        record((loop, o) -> loop.fs().readdir(dir.toString(), (e, n) -> names.set(n)));
        // node: [ 'C.txt', '_x', 'a.txt', 'b.txt', 'sub' ]
        assertThat(names.get()).containsExactly("C.txt", "_x", "a.txt", "b.txt", "sub");
    }

    @Test
    void aCallbackThatThrowsIsReportedAndTheLoopGoesOn() throws Exception {
        Files.writeString(dir.resolve("x"), "x");
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<String> out = new CopyOnWriteArrayList<>();
        Loop.run(LoopOptions.defaults().withOnUncaughtException(reported::add), loop -> {
            loop.fs().readText(path("x"), (e, v) -> {
                throw new IllegalStateException("callback failed");
            });
            loop.fs().readText(path("x"), (e, v) -> out.add("second " + v));
        });
        assertThat(reported).extracting(Throwable::getMessage).containsExactly("callback failed");
        assertThat(out).containsExactly("second x");
    }

    @Test
    void fsIsLoopThreadOnly() {
        Loop loop = Loop.start(LoopOptions.defaults().withThreadName("fs-owner"));
        try {
            assertThatThrownBy(() -> loop.fs().readFile(path("x"), (e, v) -> { }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fs.readFile() must be called on the loop thread fs-owner");
        } finally {
            loop.shutdown().join();
        }
    }

    @Test
    void largeFilesRoundTripAcrossReadAndWriteChunks() throws Exception {
        byte[] data = new byte[1_300_000]; // more than two 512 KiB pieces
        new java.util.Random(42).nextBytes(data);
        String file = path("large.bin");
        AtomicReference<byte[]> read = new AtomicReference<>();
        record((loop, o) -> loop.fs().writeFile(file, data)
                .compose(v -> loop.fs().readFile(file))
                .thenAccept(read::set));
        assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(data);
        assertThat(read.get()).isEqualTo(data);
    }

    @Test
    void anImmediateQueuedBesideReadFileRunsFirstAsInNode() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        assertThat(record((loop, o) -> {
            loop.fs().readText(path("f"), (e, v) -> o.add("read " + v));
            loop.setImmediate(() -> o.add("immediate"));
        })).containsExactly("immediate", "read x");
    }

    // ---------------------------------------------------------------- promises

    @Test
    void promiseFormsWorkEndToEnd() {
        String file = path("p.txt");
        List<Object> out = record((loop, o) -> {
            Thread loopThread = Thread.currentThread();
            Fs fs = loop.fs();
            fs.writeFile(file, "promised")
                    .compose(v -> fs.readText(file))
                    .compose(text -> {
                        o.add("text " + text + " on loop " + (Thread.currentThread() == loopThread));
                        return fs.readFile(file);
                    })
                    .compose(bytes -> {
                        o.add("bytes " + bytes.length);
                        return fs.writeFile(file, new byte[] {65, 66});
                    })
                    .compose(v -> fs.stat(file))
                    .compose(stat -> {
                        o.add("size " + stat.size());
                        return fs.readdir(dir.toString());
                    })
                    .compose(names -> {
                        o.add("names " + names);
                        return fs.unlink(file);
                    })
                    .compose(v -> fs.stat(file))
                    .then(stat -> o.add("stat after unlink? " + stat), e -> o.add(e.getMessage().replace(dir.toString(), "<dir>")));
        });
        assertThat(out).containsExactly("text promised on loop true", "bytes 8", "size 2", "names [p.txt]",
                "ENOENT: no such file or directory, stat '<dir>/p.txt'");
    }

    // ---------------------------------------------------------------- errors, with Node's messages

    @Test
    void aMissingFileIsEnoentWithNodesMessage() {
        String missing = path("missing.txt");
        AtomicReference<Throwable> readFileError = new AtomicReference<>();
        AtomicReference<Object> readFileValue = new AtomicReference<>("not called");
        AtomicReference<Throwable> readTextError = new AtomicReference<>();
        AtomicReference<Throwable> promiseError = new AtomicReference<>();
        record((loop, o) -> {
            loop.fs().readFile(missing, (e, v) -> {
                readFileError.set(e);
                readFileValue.set(v);
            });
            loop.fs().readText(missing, (e, v) -> readTextError.set(e));
            loop.fs().readFile(missing).recover(e -> {
                promiseError.set(e);
                return null;
            });
        });
        FsException error = fsError(readFileError.get());
        assertThat(error.code()).isEqualTo("ENOENT");
        assertThat(error.syscall()).isEqualTo("open");
        assertThat(error.path()).isEqualTo(missing);
        assertThat(error).hasMessage("ENOENT: no such file or directory, open '" + missing + "'");
        assertThat(readFileValue.get()).isNull();
        assertThat(fsError(readTextError.get())).hasMessage("ENOENT: no such file or directory, open '" + missing + "'");
        assertThat(fsError(promiseError.get())).hasMessage("ENOENT: no such file or directory, open '" + missing + "'");
    }

    @Test
    void everyCallNamesItsSyscallInEnoent() {
        String missing = path("nope");
        String inMissingDir = path("no/such/file");
        List<Object> out = record((loop, o) -> {
            loop.fs().stat(missing, (e, v) -> o.add(fsError(e).getMessage()));
            loop.fs().readdir(missing, (e, v) -> o.add(fsError(e).getMessage()));
            loop.fs().unlink(missing, (e, v) -> o.add(fsError(e).getMessage()));
            loop.fs().writeFile(inMissingDir, "x", (e, v) -> o.add(fsError(e).getMessage()));
        });
        assertThat(out).containsExactlyInAnyOrder(
                "ENOENT: no such file or directory, stat '" + missing + "'",
                "ENOENT: no such file or directory, scandir '" + missing + "'",
                "ENOENT: no such file or directory, unlink '" + missing + "'",
                "ENOENT: no such file or directory, open '" + inMissingDir + "'");
    }

    @Test
    void readingADirectoryIsEisdir() {
        AtomicReference<Throwable> callbackError = new AtomicReference<>();
        AtomicReference<Object> callbackValue = new AtomicReference<>("not called");
        AtomicReference<Throwable> promiseError = new AtomicReference<>();
        record((loop, o) -> {
            loop.fs().readFile(dir.toString(), (e, v) -> {
                callbackError.set(e);
                callbackValue.set(v);
            });
            loop.fs().readText(dir.toString()).recover(e -> {
                promiseError.set(e);
                return null;
            });
        });
        FsException error = fsError(callbackError.get());
        assertThat(error.code()).isEqualTo("EISDIR");
        assertThat(error.syscall()).isEqualTo("read");
        assertThat(error.getMessage()).startsWith("EISDIR: illegal operation on a directory, read");
        assertThat(callbackValue.get()).isNull();
        assertThat(fsError(promiseError.get()).code()).isEqualTo("EISDIR");
    }

    /**
     * Regression: Node's message for reading a directory has no path ("EISDIR: illegal operation on
     * a directory, read", err.path undefined; see conformance/fs_errors.out). FsException used to
     * append " '<path>'" always (fixed in 0f5e911).
     */
    @Test
    void readingADirectoryHasNodesExactMessage() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        record((loop, o) -> loop.fs().readFile(dir.toString(), (e, v) -> error.set(e)));
        assertThat(error.get()).hasMessage("EISDIR: illegal operation on a directory, read");
    }

    /**
     * Regression: writing to a directory fails in open(2) in Node ("EISDIR: illegal operation on a
     * directory, open '<path>'"); Fs.translate used to hard-code syscall "read" for every "Is a
     * directory" IOException (fixed in 0f5e911).
     */
    @Test
    void writingToADirectoryIsEisdirInOpen() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        record((loop, o) -> loop.fs().writeFile(dir.toString(), "x", (e, v) -> error.set(e)));
        FsException fsError = fsError(error.get());
        assertThat(fsError.code()).isEqualTo("EISDIR");
        assertThat(fsError).hasMessage("EISDIR: illegal operation on a directory, open '" + dir + "'");
        assertThat(fsError.syscall()).isEqualTo("open");
    }

    @Test
    void unlinkingADirectoryIsEisdirAndLeavesItThere() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        List<Object> out = record((loop, o) -> {
            loop.fs().unlink(sub.toString(), (e, v) -> o.add(e));
            loop.fs().unlink(sub.toString()).recover(e -> {
                o.add(e);
                return null;
            });
        });
        assertThat(out).hasSize(2);
        for (Object e : out) {
            FsException error = fsError(e);
            assertThat(error.code()).isEqualTo("EISDIR");
            assertThat(error.syscall()).isEqualTo("unlink");
            assertThat(error).hasMessage("EISDIR: illegal operation on a directory, unlink '" + sub + "'");
        }
        assertThat(sub).isDirectory();
    }

    @Test
    void readdirOfAFileIsEnotdir() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        AtomicReference<Throwable> error = new AtomicReference<>();
        record((loop, o) -> loop.fs().readdir(file.toString(), (e, v) -> error.set(e)));
        assertThat(fsError(error.get()).code()).isEqualTo("ENOTDIR");
        assertThat(error.get()).hasMessage("ENOTDIR: not a directory, scandir '" + file + "'");
    }
}
