package io.shallot.loop.conformance;

import io.shallot.loop.Loop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a ported case sees of its "process": the loop it runs on, {@code console.log}, and the
 * few synchronous Node helpers the .js cases use ({@code fs.mkdtempSync}, {@code fs.writeFileSync},
 * a busy-wait). Everything asynchronous goes through the real {@link Loop} API.
 */
public final class Ctx {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<Path> tempDirs = Collections.synchronizedList(new ArrayList<>());
    private volatile Loop loop;

    void bind(Loop loop) {
        this.loop = loop;
    }

    /** The loop the case runs on (the argument of {@code Loop.run}'s main). */
    public Loop loop() {
        return loop;
    }

    /** {@code console.log(line)}; a line containing '\n' prints several lines, as in Node. */
    public void log(String line) {
        lines.add(line);
    }

    /** {@code if (err) throw err;} in an error-first callback. */
    public static void check(Throwable err) {
        if (err instanceof RuntimeException re) {
            throw re;
        }
        if (err instanceof Error e) {
            throw e;
        }
        if (err != null) {
            throw new RuntimeException(err);
        }
    }

    /** {@code fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'))}; removed after the run, like the cases' exit hook. */
    public String mkdtemp() {
        try {
            Path dir = Files.createTempDirectory("shallot-");
            tempDirs.add(dir);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code path.join(first, more...)}. */
    public static String join(String first, String... more) {
        return Path.of(first, more).toString();
    }

    /** {@code fs.writeFileSync(path, text)} (UTF-8). */
    public static void writeFileSync(String path, String text) {
        writeFileSync(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code fs.writeFileSync(path, bytes)}. */
    public static void writeFileSync(String path, byte[] bytes) {
        try {
            Files.write(Path.of(path), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code fs.mkdirSync(path)}. */
    public static void mkdirSync(String path) {
        try {
            Files.createDirectory(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases' {@code busyWait(ms)} / {@code sleep(ms)}: spins on the calling (loop) thread. */
    public static void busyWait(long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** {@code JSON.stringify(aString)}. */
    public static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** An uncaught exception or unhandled rejection reported by the loop. */
    void error(Throwable t) {
        errors.add(t);
    }

    List<Throwable> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Everything logged, as Node's stdout would be. */
    String output() {
        synchronized (lines) {
            StringBuilder b = new StringBuilder();
            for (String line : lines) {
                b.append(line).append('\n');
            }
            return b.toString();
        }
    }

    void cleanUp() {
        for (Path dir : tempDirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // best effort, like fs.rmSync(..., {force: true})
            }
        }
    }
}
