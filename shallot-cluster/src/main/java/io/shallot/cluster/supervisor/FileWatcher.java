package io.shallot.cluster.supervisor;

import io.shallot.cluster.config.AppSpec;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * {@code watch}: reports a change under the watched folders (recursively, new folders included) at
 * most once per {@code watch_delay}, after the burst of events has settled. A path is ignored when
 * one of the {@code ignore_watch} globs matches its path relative to the watched folder, or any
 * folder on the way to it (so {@code logs} ignores {@code logs/a/b.log}). Runs on a virtual thread.
 */
final class FileWatcher implements AutoCloseable {
    private final WatchService service;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final List<Path> roots;
    private final List<PathMatcher> ignore;
    private final long delayMs;
    private final Consumer<Path> onChange;
    private final Thread thread;

    private FileWatcher(AppSpec.Watch watch, Consumer<Path> onChange) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.roots = watch.paths().stream().map(Path::of).toList();
        this.ignore = watch.ignore().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        this.delayMs = watch.delayMs();
        this.onChange = onChange;
        for (Path root : roots) {
            register(root, root);
        }
        this.thread = Thread.ofVirtual().name("shallot-watch").start(this::run);
    }

    static FileWatcher start(AppSpec.Watch watch, Consumer<Path> onChange) throws IOException {
        return new FileWatcher(watch, onChange);
    }

    boolean ignored(Path root, Path path) {
        Path rel = root.relativize(path);
        for (int i = 1; i <= rel.getNameCount(); i++) {
            Path prefix = rel.subpath(0, i);
            for (PathMatcher m : ignore) {
                if (m.matches(prefix) || m.matches(prefix.getFileName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void register(Path root, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(root) && ignored(root, d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                keys.put(d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Path rootOf(Path p) {
        return roots.stream().filter(p::startsWith).findFirst().orElse(p);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path first = null;
                long deadline = 0;
                while (key != null) {
                    Path dir = keys.get(key);
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (dir == null || event.kind() == StandardWatchEventKinds.OVERFLOW) {
                            continue;
                        }
                        Path changed = dir.resolve((Path) event.context());
                        Path root = rootOf(changed);
                        if (ignored(root, changed)) {
                            continue;
                        }
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                            register(root, changed);
                        }
                        if (first == null) {
                            first = changed;
                            deadline = System.currentTimeMillis() + delayMs;
                        }
                    }
                    key.reset();
                    long wait = first == null ? Long.MAX_VALUE : deadline - System.currentTimeMillis();
                    if (first != null && wait <= 0) {
                        break;
                    }
                    key = first == null ? service.take() : service.poll(wait, TimeUnit.MILLISECONDS);
                }
                if (first != null) {
                    onChange.accept(first);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException e) {
            LoggerFactory.getLogger(FileWatcher.class).warn("watch stopped: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        thread.interrupt();
    }
}
