package io.shallot.cluster.logs;

import io.shallot.cluster.config.AppSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The log files of one app. Defaults: {@code $SHALLOT_HOME/logs/NAME-out.log} and
 * {@code NAME-error.log}; with several instances and no {@code merge_logs} each instance has its own
 * pair ({@code NAME-out-0.log}, and for a configured {@code out_file} the index goes before the
 * extension; a cluster app's spares write to {@code NAME-out-spare.log} until they take an instance's
 * place). Writers open on first use and are shared by the instances that log to one file.
 */
public final class LogSet implements AutoCloseable {
    private final Path dir;
    private final AppSpec spec;
    private final Map<Path, LogWriter> writers = new HashMap<>();
    private boolean closed;

    public LogSet(Path dir, AppSpec spec) {
        this.dir = dir;
        this.spec = spec;
    }

    public Path outPath(int instance) {
        return path(spec.logs().outFile(), "out", instance);
    }

    public Path errorPath(int instance) {
        return path(spec.logs().errorFile(), "error", instance);
    }

    /** {@code instance} is negative for a spare. */
    private Path path(String configured, String stream, int instance) {
        boolean split = spec.instances() > 1 && !spec.logs().merge();
        String suffix = instance < 0 ? "spare" : Integer.toString(instance);
        if (configured == null) {
            return dir.resolve(spec.name() + "-" + stream + (split ? "-" + suffix : "") + ".log");
        }
        Path p = Path.of(configured);
        if (!split) {
            return p;
        }
        String file = p.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String name = dot > 0 ? file.substring(0, dot) + "-" + suffix + file.substring(dot) : file + "-" + suffix;
        return p.resolveSibling(name);
    }

    public LogWriter out(int instance) {
        return writer(outPath(instance));
    }

    public LogWriter error(int instance) {
        return writer(errorPath(instance));
    }

    private synchronized LogWriter writer(Path path) {
        if (closed) {
            throw new UncheckedIOException(new IOException("logs of " + spec.name() + " are closed"));
        }
        return writers.computeIfAbsent(path, p -> {
            try {
                return new LogWriter(p, spec.logs().dateFormat(), spec.logs().maxSizeBytes(), spec.logs().retain(),
                        Clock.systemDefaultZone());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (LogWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing a log file: nothing to recover
            }
        }
        writers.clear();
    }
}
