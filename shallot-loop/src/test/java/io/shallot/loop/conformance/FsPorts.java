package io.shallot.loop.conformance;

import io.shallot.loop.Deferred;
import io.shallot.loop.Fs;
import io.shallot.loop.FsException;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** fs with error-first callbacks and with promises. A JS {@code undefined} value is Java's null. */
public final class FsPorts {
    private FsPorts() {
    }

    private static String undef(Object value) {
        return value == null ? "undefined" : String.valueOf(value);
    }

    /** {@code err.code} of a Node fs error. */
    private static String code(Throwable err) {
        return err instanceof FsException fe ? fe.code() : "not an FsException: " + err;
    }

    /** {@code err.message.split(dir).join('<dir>')}. */
    private static String show(Throwable err, String dir) {
        return String.valueOf(err.getMessage()).replace(dir, "<dir>");
    }

    public static void fs_readfile(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        String file = Ctx.join(dir, "hello.txt");
        Ctx.writeFileSync(file, "hello\nwörld\n");

        fs.readText(file, (err, text) -> {
            c.log("err " + err);
            c.log("text " + Ctx.jsonString(text));
            fs.readFile(file, (err2, bytes) -> {
                c.log("bytes " + bytes.length);
                c.log("first byte " + (bytes[0] & 0xff));
            });
        });
        Promise.resolve(null).thenRun(() -> c.log("microtask"));
        c.log("sync");
    }

    public static void fs_write_then_read(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        String file = Ctx.join(dir, "data.txt");

        fs.writeFile(file, "first version, rather long", (err, v) -> {
            c.log("written 1, err " + err);
            fs.writeFile(file, "héllo 世界", (err2, v2) -> {
                c.log("written 2, err " + err2);
                fs.readText(file, (err3, text) -> {
                    c.log("read " + text);
                    c.log("chars " + text.length() + " bytes " + text.getBytes(StandardCharsets.UTF_8).length);
                });
            });
        });
        c.log("sync");
    }

    public static void fs_stat(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        String file = Ctx.join(dir, "f.bin");
        byte[] sevens = new byte[1234];
        Arrays.fill(sevens, (byte) 7);
        Ctx.writeFileSync(file, sevens);

        fs.stat(file, (err, st) -> {
            c.log("file: err " + err + " size " + st.size() + " isFile " + st.isFile() + " isDirectory "
                    + st.isDirectory() + " mtime>0 " + (st.mtimeMs() > 0));
            fs.stat(dir, (err2, st2) -> {
                c.log("dir: isFile " + st2.isFile() + " isDirectory " + st2.isDirectory());
                fs.stat(Ctx.join(dir, "missing"), (err3, st3) -> {
                    c.log("missing: code " + code(err3) + " stat " + undef(st3));
                    c.log("message " + show(err3, dir));
                });
            });
        });
    }

    public static void fs_readdir(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        for (String name : new String[] {"b.txt", "a.txt", "c", "B", "_x", "10", "9"}) {
            Ctx.writeFileSync(Ctx.join(dir, name), name);
        }
        Ctx.mkdirSync(Ctx.join(dir, "sub"));
        Ctx.mkdirSync(Ctx.join(dir, "empty"));

        fs.readdir(dir, (err, names) -> {
            c.log("names " + String.join(" ", names));
            fs.readdir(Ctx.join(dir, "empty"), (err2, names2) -> {
                c.log("empty " + names2.size());
                fs.readdir(Ctx.join(dir, "nope"), (err3, names3) -> {
                    c.log("missing " + code(err3));
                    c.log("message " + show(err3, dir));
                });
            });
        });
    }

    public static void fs_unlink(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        Ctx.writeFileSync(Ctx.join(dir, "keep"), "k");
        Ctx.writeFileSync(Ctx.join(dir, "gone"), "g");

        fs.unlink(Ctx.join(dir, "gone"), (err, v) -> {
            c.log("unlink err " + err);
            fs.readdir(dir, (err2, names) -> {
                c.log("left " + String.join(",", names));
                fs.unlink(Ctx.join(dir, "gone"), (err3, v3) -> {
                    c.log("again " + code(err3));
                    c.log("message " + show(err3, dir));
                });
            });
        });
    }

    public static void fs_errors(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();

        fs.readText(Ctx.join(dir, "missing.txt"), (err, data) -> {
            c.log("missing: " + code(err) + " data " + undef(data));
            c.log("  " + show(err, dir));
            fs.readFile(dir, (err2, data2) -> {
                c.log("directory: " + code(err2) + " data " + undef(data2));
                c.log("  " + show(err2, dir));
                fs.writeFile(Ctx.join(dir, "no", "such", "file"), "x", (err3, v3) -> {
                    c.log("write into missing dir: " + code(err3));
                    c.log("  " + show(err3, dir));
                });
            });
        });
    }

    public static void fs_chain_mixed(Ctx c) {
        Loop loop = c.loop();
        Fs fs = loop.fs();
        String dir = c.mkdtemp();
        String file = Ctx.join(dir, "chain.txt");

        fs.writeFile(file, "abc", (e0, v0) -> {
            c.log("written");
            loop.setImmediate(() -> c.log("immediate after write"));
            fs.stat(file, (e, st) -> {
                c.log("stat size " + st.size());
                fs.readText(file, (e2, text) -> {
                    c.log("read " + text);
                    fs.unlink(file, (e3, v3) -> {
                        c.log("unlinked");
                        fs.readdir(dir, (e4, names) -> c.log("readdir " + names.size()));
                    });
                });
            });
        });
    }

    public static void fs_promises(Ctx c) {
        Fs fs = c.loop().fs();
        String dir = c.mkdtemp();
        String file = Ctx.join(dir, "p.txt");

        // async function main() { ... each `await fsp.x(...)` is fs.x(...).then(rest) ... return 'done'; }
        Deferred<String> main = Promise.defer();
        fs.writeFile(file, "promised").thenRun(() -> {
            c.log("written");
            fs.readText(file).thenAccept(text -> {
                c.log("read " + text);
                fs.stat(file).thenAccept(st -> {
                    c.log("size " + st.size());
                    fs.readdir(dir).thenAccept(names -> {
                        c.log("names " + String.join(",", names));
                        fs.unlink(file).thenRun(() -> fs.readFile(file).then(bytes -> {
                            main.resolve("done");
                            return null;
                        }, e -> {
                            c.log("rejected " + code(e));
                            main.resolve("done");
                            return null;
                        }));
                    });
                });
            });
        });
        main.promise().thenAccept(c::log);
        c.log("sync");
    }
}
