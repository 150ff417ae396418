package io.shallot.web.middleware;

import io.shallot.loop.FsException;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Stat;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.Next;
import io.shallot.web.middleware.internal.Blocking;
import io.shallot.web.middleware.internal.ByteRange;
import io.shallot.web.middleware.internal.ContentTypes;
import io.shallot.web.middleware.internal.HttpDates;
import io.shallot.web.middleware.internal.SafePath;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the files under one directory, phase {@link Phase#APP}, for {@code GET} and {@code HEAD};
 * other methods, and paths with no file, pass on to the next middleware (so the app answers 404).
 *
 * <table>
 *   <caption>What is answered</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>a path that tries to leave the root: a {@code .} or {@code ..} segment, raw or
 *       percent-encoded, an encoded {@code /} or {@code \}, NUL</td><td>403 envelope</td></tr>
 *   <tr><td>a path that is not valid percent-encoded UTF-8</td><td>400 envelope</td></tr>
 *   <tr><td>a symbolic link whose real path is outside the root; a dotfile (unless enabled); a
 *       file over {@link StaticFilesOptions#maxFileBytes()}; no such file</td><td>passed on</td></tr>
 *   <tr><td>a directory</td><td>its index file, after a 301 to the path with a trailing slash
 *       when the request lacked one; passed on when there is no index</td></tr>
 *   <tr><td>{@code If-None-Match} matching the ETag (weak comparison, or {@code *}), else
 *       {@code If-Modified-Since} not older than the file</td><td>304</td></tr>
 *   <tr><td>GET with {@code Range: bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}</td>
 *       <td>206 with {@code Content-Range: bytes a-b/size}</td></tr>
 *   <tr><td>a single range starting at or past the end, or {@code bytes=-0}</td>
 *       <td>416 with {@code Content-Range: bytes *&#47;size}</td></tr>
 *   <tr><td>several ranges, another unit, a malformed range, or an {@code If-Range} that does
 *       not match (an entity tag never does: ours are weak)</td><td>200 with the whole file</td></tr>
 *   <tr><td>anything else</td><td>200 with the whole file</td></tr>
 * </table>
 * Files carry {@code ETag: W/"size-mtime"} (hex), {@code Last-Modified}, {@code Cache-Control},
 * {@code Accept-Ranges: bytes} and a {@code Content-Type} by extension. HEAD is answered from the
 * file's metadata without reading it; Range applies to GET only (RFC 9110 §14.2).
 *
 * <p>Never blocks the loop: metadata and contents come from the loop's {@code Fs}; resolving the
 * real path (to catch symbolic links) runs on a virtual thread, since {@code Fs} has no
 * {@code realpath}. A file is read whole into memory because the response is one buffer, which
 * is why its size is capped. The root is resolved once, when this middleware is created.
 */
public final class StaticFiles implements Phased {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);
    private final Path root;
    private final StaticFilesOptions options;

    private StaticFiles(Path root, StaticFilesOptions options) {
        this.root = root;
        this.options = options;
    }

    public static StaticFiles serve(Path root) {
        return serve(root, StaticFilesOptions.defaults());
    }

    /** @throws IllegalArgumentException when {@code root} is not an existing, readable directory */
    public static StaticFiles serve(Path root, StaticFilesOptions options) {
        Objects.requireNonNull(options, "options");
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("static root " + root.toAbsolutePath() + " does not exist or cannot be read: " + e, e);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("static root " + real + " is not a directory");
        }
        // Load the type table and the date formatters now rather than on a loop, at the first request.
        ContentTypes.of("index.html", options.contentTypes());
        HttpDates.parseSeconds(HttpDates.format(0));
        return new StaticFiles(real, options);
    }

    @Override
    public Phase phase() {
        return Phase.APP;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        boolean get = "GET".equals(ctx.method());
        if (!get && !"HEAD".equals(ctx.method())) {
            return next.run();
        }
        String path = ctx.path();
        String prefix = options.prefix();
        if (!prefix.isEmpty()) {
            if (!path.startsWith(prefix) || (path.length() > prefix.length() && path.charAt(prefix.length()) != '/')) {
                return next.run();
            }
            path = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        }
        SafePath.Result result = SafePath.resolve(root, path, options.dotfiles());
        if (result instanceof SafePath.Refused refused) {
            throw new HttpException(refused.status(), refused.message());
        }
        if (!(result instanceof SafePath.Found found)) {
            return next.run();
        }
        Loop loop = ctx.loop();
        return realPath(loop, found.path()).compose(real -> real == null ? Promise.resolve(loop, (Target) null) : stat(loop, real))
                .compose(target -> {
                    if (target == null) {
                        return next.run();
                    }
                    if (target.stat().isDirectory()) {
                        return directory(ctx, next, found, target.path());
                    }
                    return target.stat().isFile() ? file(ctx, next, target, get) : next.run();
                });
    }

    private record Target(Path path, Stat stat) {
    }

    private Promise<Void> directory(Context ctx, Next next, SafePath.Found found, Path dir) {
        Loop loop = ctx.loop();
        if (options.index() == null) {
            return next.run();
        }
        return realPath(loop, dir.resolve(options.index()))
                .compose(real -> real == null ? Promise.resolve(loop, (Target) null) : stat(loop, real))
                .compose(index -> {
                    if (index == null || !index.stat().isFile()) {
                        return next.run();
                    }
                    if (!ctx.path().endsWith("/")) {
                        // Built from the segments as sent, never from the raw path: "//evil.example"
                        // must not turn into a protocol-relative Location.
                        String location = options.prefix() + "/" + String.join("/", found.rawSegments())
                                + (found.rawSegments().isEmpty() ? "" : "/")
                                + (ctx.querystring().isEmpty() ? "" : "?" + ctx.querystring());
                        ctx.state().put(Metrics.ROUTE_STATE_KEY, options.prefix() + "/*");
                        ctx.status(301).redirect(location);
                        return Promise.resolve(loop, null);
                    }
                    return file(ctx, next, index, "GET".equals(ctx.method()));
                });
    }

    private Promise<Void> file(Context ctx, Next next, Target target, boolean get) {
        Stat stat = target.stat();
        long size = stat.size();
        if (size > options.maxFileBytes()) {
            LOG.warn("{} is {} bytes, over StaticFilesOptions.maxFileBytes {}: answered as missing [request {}]",
                    target.path(), size, options.maxFileBytes(), ctx.requestId());
            return next.run();
        }
        ctx.state().put(Metrics.ROUTE_STATE_KEY, options.prefix() + "/*");
        long mtimeSeconds = Math.floorDiv(stat.mtimeMs(), 1000);
        String etag = "W/\"" + Long.toHexString(size) + "-" + Long.toHexString(stat.mtimeMs()) + "\"";
        ctx.set("ETag", etag);
        ctx.set("Last-Modified", HttpDates.format(stat.mtimeMs()));
        ctx.set("Cache-Control", "public, max-age=" + options.maxAgeSeconds());
        ctx.set("Accept-Ranges", "bytes");
        if (notModified(ctx, etag, mtimeSeconds)) {
            ctx.status(304);
            return Promise.resolve(ctx.loop(), null);
        }
        ByteRange range = get ? range(ctx, size, mtimeSeconds) : new ByteRange.Whole();
        if (range instanceof ByteRange.Unsatisfiable) {
            throw new HttpException(416, -1, "Range Not Satisfiable", Map.of("Content-Range", "bytes */" + size), null);
        }
        ctx.type(ContentTypes.of(target.path().getFileName().toString(), options.contentTypes()));
        if (!get) {
            // The core takes Content-Length from the body and drops the body for HEAD: give it the
            // right length without reading the file.
            ctx.body(new byte[(int) size]);
            return Promise.resolve(ctx.loop(), null);
        }
        return ctx.loop().fs().readFile(target.path().toString()).<Void>then(bytes -> {
            if (range instanceof ByteRange.Part part && part.first() < bytes.length) {
                int first = (int) part.first();
                int last = (int) Math.min(part.last(), bytes.length - 1);
                ctx.status(206);
                ctx.set("Content-Range", "bytes " + first + "-" + last + "/" + bytes.length);
                ctx.body(Arrays.copyOfRange(bytes, first, last + 1));
            } else {
                ctx.body(bytes);
            }
            return null;
        }, error -> {
            throw missingOr(error);
        });
    }

    private static boolean notModified(Context ctx, String etag, long mtimeSeconds) {
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null) {
            String opaque = etag.substring(2);
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(opaque)) {
                    return true;
                }
            }
            return false;
        }
        long since = HttpDates.parseSeconds(ctx.header("If-Modified-Since"));
        return since >= 0 && mtimeSeconds <= since;
    }

    private static ByteRange range(Context ctx, long size, long mtimeSeconds) {
        String ifRange = ctx.header("If-Range");
        if (ifRange != null) {
            String v = ifRange.trim();
            // An entity tag in If-Range needs the strong comparison, which a weak ETag never passes.
            if (v.startsWith("\"") || v.startsWith("W/") || HttpDates.parseSeconds(v) != mtimeSeconds) {
                return new ByteRange.Whole();
            }
        }
        return ByteRange.parse(ctx.header("Range"), size);
    }

    /** The real path of {@code path} when it exists and lies under the root, else null. */
    private Promise<Path> realPath(Loop loop, Path path) {
        return Blocking.call(loop, () -> {
            try {
                Path real = path.toRealPath();
                if (!real.startsWith(root)) {
                    LOG.debug("{} resolves to {}, outside the static root {}: answered as missing", path, real, root);
                    return null;
                }
                return real;
            } catch (NoSuchFileException | NotDirectoryException e) {
                return null;
            } catch (AccessDeniedException e) {
                throw new HttpException(403, "Forbidden");
            } catch (FileSystemException e) {
                if (e.getReason() != null && e.getReason().contains("Not a directory")) {
                    return null;
                }
                throw e;
            }
        });
    }

    private static Promise<Target> stat(Loop loop, Path real) {
        return loop.fs().stat(real.toString()).then(stat -> new Target(real, stat), error -> {
            if (error instanceof FsException fs && (fs.code().equals("ENOENT") || fs.code().equals("ENOTDIR"))) {
                return null;
            }
            throw missingOr(error);
        });
    }

    private static RuntimeException missingOr(Throwable error) {
        if (error instanceof FsException fs) {
            return switch (fs.code()) {
                case "ENOENT", "ENOTDIR" -> new HttpException(404, "Not Found");
                case "EACCES" -> new HttpException(403, "Forbidden");
                default -> fs;
            };
        }
        return error instanceof RuntimeException re ? re : new CompletionException(error);
    }

    @Override
    public String toString() {
        return "StaticFiles[" + root + "]";
    }
}
