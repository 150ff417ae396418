package io.shallot.cluster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the daemon keeps its state: {@code $SHALLOT_HOME}, default {@code ~/.shallot}. Tests point
 * it at a temporary folder, so they never touch the user's daemon.
 */
public record Home(Path root) {

    public static Home resolve(Map<String, String> env) {
        String dir = env.get("SHALLOT_HOME");
        Path root = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".shallot");
        return new Home(root.toAbsolutePath().normalize());
    }

    public Path socket() {
        return root.resolve("daemon.sock");
    }

    public Path pidFile() {
        return root.resolve("daemon.pid");
    }

    public Path lockFile() {
        return root.resolve("daemon.lock");
    }

    public Path daemonLog() {
        return root.resolve("daemon.log");
    }

    public Path dump() {
        return root.resolve("dump.json");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Per-worker sockets: short names, because a socket path is limited to 107 bytes. */
    public Path run() {
        return root.resolve("run");
    }

    public void create() throws IOException {
        Files.createDirectories(logs());
        Files.createDirectories(run());
        long longest = run().resolve("w00000-000000.sock").toString().length();
        if (longest > 107) {
            throw new IOException("SHALLOT_HOME " + root + " is too deep: Unix socket paths under it would exceed"
                    + " 107 bytes; use a shorter folder");
        }
    }
}
