package io.shallot.web.middleware.internal;

import io.shallot.web.router.internal.PercentDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a raw request path onto a directory without ever leaving it, before the file system is
 * asked anything. Each segment is percent-decoded once and strictly; a decoded segment that is
 * {@code .} or {@code ..} or holds {@code /}, {@code \} or NUL is refused (403), never normalised,
 * so {@code /../x}, {@code /%2e%2e/x} and {@code /a/%2F..%2F..} all stop here. Symbolic links are
 * the caller's to check, on the real path.
 */
public final class SafePath {

    /** What a request path maps to. */
    public sealed interface Result {
    }

    /**
     * A path under the root; {@code rawSegments} are the non-empty segments as sent (for building
     * a redirect that cannot become protocol-relative).
     */
    public record Found(Path path, List<String> rawSegments, boolean trailingSlash) implements Result {
    }

    /** Not served from here: a hidden file (a segment starting with '.'), or a target that is not a path. */
    public record Skip() implements Result {
    }

    public record Refused(int status, String message) implements Result {
    }

    private SafePath() {
    }

    public static Result resolve(Path root, String rawPath, boolean dotfiles) {
        if (!rawPath.startsWith("/")) {
            return new Skip();
        }
        List<String> raw = new ArrayList<>();
        Path path = root;
        boolean hidden = false;
        String[] segments = rawPath.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                continue;
            }
            String name;
            try {
                name = PercentDecoder.decode(segment, false);
            } catch (IllegalArgumentException e) {
                return new Refused(400, "malformed path: " + e.getMessage());
            }
            if (name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                    || name.indexOf('\0') >= 0) {
                return new Refused(403, "path leaves the static root");
            }
            hidden |= name.startsWith(".");
            raw.add(segment);
            path = path.resolve(name);
        }
        if (!path.normalize().startsWith(root)) {
            return new Refused(403, "path leaves the static root");
        }
        if (hidden && !dotfiles) {
            return new Skip();
        }
        return new Found(path, List.copyOf(raw), rawPath.endsWith("/"));
    }
}
