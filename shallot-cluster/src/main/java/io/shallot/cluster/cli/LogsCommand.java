package io.shallot.cluster.cli;

import io.shallot.cluster.internal.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shallot logs [NAME|ID] [--lines N] [--follow]}: the last lines of each process's files,
 * then (with --follow) new lines as they are written, across rotations, like {@code tail -F}.
 * Reads the files directly; the daemon only says where they are.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints (and follows) the log files of apps.")
final class LogsCommand implements Callable<Integer> {
    /** The id of a spare's log files (spares have no process id until they take an instance's place). */
    private static final int SPARE = -1;
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|ID", description = "an app or a process (default: all)")
    String target;

    @Option(names = "--lines", defaultValue = "15", description = "how many last lines of each file (default 15)")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "keep printing new lines (Ctrl-C quits)")
    boolean follow;

    @Option(names = "--err", description = "only the error files")
    boolean errOnly;

    @Option(names = "--out", description = "only the output files")
    boolean outOnly;

    @Option(names = "--json", description = "one JSON object per line: {app, id, stream, line}")
    boolean json;

    LogsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    private record Source(String app, int id, String stream, Path file) {
    }

    @Override
    public Integer call() throws InterruptedException {
        List<Map<String, Object>> processes = new ArrayList<>();
        if (target == null) {
            processes.addAll(InfoCommands.list(ctx));
        } else {
            Object apps = ctx.client().callIfRunning(DaemonClient.request("describe", "target", target));
            if (apps == null) {
                throw new CliException("no daemon is running");
            }
            for (Map<String, Object> app : DaemonClient.rows(apps)) {
                for (Map<String, Object> p : DaemonClient.rows(app.get("processes"))) {
                    if (!target.matches("\\d+") || Json.text(p, "id").equals(target) || Json.text(app, "name").equals(target)) {
                        processes.add(p);
                    }
                }
            }
        }
        Map<Path, Source> sources = new LinkedHashMap<>();
        for (Map<String, Object> p : processes) {
            if (!errOnly) {
                Path out = Path.of(Json.text(p, "out_log"));
                sources.putIfAbsent(out, new Source(Json.text(p, "name"), (int) Json.longValue(p, "id", SPARE), "out", out));
            }
            if (!outOnly) {
                Path err = Path.of(Json.text(p, "error_log"));
                sources.putIfAbsent(err, new Source(Json.text(p, "name"), (int) Json.longValue(p, "id", SPARE), "err", err));
            }
        }
        Map<Path, Long> offsets = new LinkedHashMap<>();
        for (Source s : sources.values()) {
            if (!json) {
                ctx.out().println("==> " + s.file() + " (last " + lines + " lines) <==");
            }
            for (String line : lastLinesAcrossRotation(s.file(), lines)) {
                print(s, line);
            }
            offsets.put(s.file(), size(s.file()));
        }
        ctx.out().flush();
        while (follow && !Thread.currentThread().isInterrupted()) {
            Thread.sleep(200);
            for (Source s : sources.values()) {
                long size = size(s.file());
                long from = offsets.get(s.file());
                if (size < from) {
                    from = 0; // rotated: the file was renamed and a new one started
                }
                if (size > from) {
                    offsets.put(s.file(), from + readFrom(s, from, size));
                }
            }
            ctx.out().flush();
        }
        return 0;
    }

    private void print(Source s, String line) {
        if (json) {
            ctx.out().println(Json.write(Json.fields("app", s.app(), "id", s.id(), "stream", s.stream(), "line", line)));
        } else {
            ctx.out().println((s.id() == SPARE ? "spare" : s.id()) + "|" + s.app() + "|" + s.stream() + " | " + line);
        }
    }

    /** Prints whole lines between from and to; returns how many bytes were consumed (a partial last line waits). */
    private long readFrom(Source s, long from, long to) {
        try (RandomAccessFile f = new RandomAccessFile(s.file().toFile(), "r")) {
            byte[] buf = new byte[(int) Math.min(to - from, 1 << 20)];
            f.seek(from);
            f.readFully(buf);
            int start = 0;
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n') {
                    print(s, new String(buf, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return start;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last {@code n} lines, taking the older ones from the rotated file ({@code out.log.1}) when needed. */
    static List<String> lastLinesAcrossRotation(Path file, int n) {
        List<String> current = lastLines(file, n);
        if (current.size() >= n) {
            return current;
        }
        List<String> all = new ArrayList<>(lastLines(file.resolveSibling(file.getFileName() + ".1"), n - current.size()));
        all.addAll(current);
        return all;
    }

    /** The last {@code n} lines of a file, reading backwards from its end in blocks. */
    static List<String> lastLines(Path file, int n) {
        if (n <= 0 || !Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long end = f.length();
            long pos = end;
            int newlines = 0;
            byte[] block = new byte[8192];
            long start = 0;
            search:
            while (pos > 0) {
                int len = (int) Math.min(block.length, pos);
                pos -= len;
                f.seek(pos);
                f.readFully(block, 0, len);
                for (int i = len - 1; i >= 0; i--) {
                    if (block[i] == '\n' && pos + i != end - 1) {
                        if (++newlines == n) {
                            start = pos + i + 1;
                            break search;
                        }
                    }
                }
            }
            byte[] tail = new byte[(int) (end - start)];
            f.seek(start);
            f.readFully(tail);
            ArrayDeque<String> out = new ArrayDeque<>(new String(tail, StandardCharsets.UTF_8).lines().toList());
            while (out.size() > n) {
                out.removeFirst();
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return List.of();
        }
    }
}
