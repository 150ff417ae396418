package io.shallot.cluster.cli;

import io.shallot.cluster.internal.Home;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every command needs: the daemon's home, where to print, the folder relative paths are
 * resolved against, and the classpath the daemon is started with (the CLI's own).
 */
public record CliContext(Home home, PrintWriter out, PrintWriter err, Path cwd, String classpath) {

    public static CliContext fromEnvironment(PrintWriter out, PrintWriter err) {
        Map<String, String> env = System.getenv();
        return new CliContext(Home.resolve(env), out, err, Path.of("").toAbsolutePath(),
                absolute(System.getProperty("java.class.path")));
    }

    /** The daemon runs in $SHALLOT_HOME, so the classpath it inherits must not be relative. */
    public static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    public DaemonClient client() {
        return new DaemonClient(this);
    }
}
