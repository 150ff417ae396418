package io.shallot.web.middleware;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@link StaticFiles}.
 *
 * @param prefix        URL path the files are served under, e.g. {@code /assets}; requests
 *                      elsewhere pass on untouched ("" serves from {@code /}) (default "")
 * @param index         file served for a directory, or null to serve none (default index.html)
 * @param maxFileBytes  larger files are treated as missing (the request passes on, so the app
 *                      answers 404) and logged at WARN, because the response is buffered whole
 *                      (default 16 MiB)
 * @param maxAgeSeconds {@code Cache-Control: public, max-age=N} (default 0: revalidate with the
 *                      ETag each time)
 * @param dotfiles      serve paths with a segment starting with '.'; when false they are treated
 *                      as missing (default false)
 * @param contentTypes  content types by lowercase extension without the dot, overriding the
 *                      built-in table, e.g. {@code "ts" -> "text/plain; charset=utf-8"}
 *                      (default none)
 */
public record StaticFilesOptions(
        String prefix,
        String index,
        long maxFileBytes,
        long maxAgeSeconds,
        boolean dotfiles,
        Map<String, String> contentTypes) {

    public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;

    public StaticFilesOptions {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a static prefix is \"\" or starts with '/' and does not end with '/': " + prefix);
        }
        if (index != null && (index.isEmpty() || index.contains("/") || index.contains("\\") || index.startsWith("."))) {
            throw new IllegalArgumentException("an index is a plain file name such as index.html, got \"" + index + "\"");
        }
        if (maxFileBytes < 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFileBytes must be 0.." + (Integer.MAX_VALUE - 8) + " (a file is buffered in one array), got " + maxFileBytes);
        }
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("maxAgeSeconds must be >= 0, got " + maxAgeSeconds);
        }
        Map<String, String> types = new HashMap<>();
        contentTypes.forEach((ext, type) -> types.put(ext.toLowerCase(Locale.ROOT), type));
        contentTypes = Map.copyOf(types);
    }

    public static StaticFilesOptions defaults() {
        return new StaticFilesOptions("", "index.html", DEFAULT_MAX_FILE_BYTES, 0, false, Map.of());
    }

    public StaticFilesOptions withPrefix(String prefix) {
        return new StaticFilesOptions(prefix, index, maxFileBytes, maxAgeSeconds, dotfiles, contentTypes);
    }

    public StaticFilesOptions withIndex(String index) {
        return new StaticFilesOptions(prefix, index, maxFileBytes, maxAgeSeconds, dotfiles, contentTypes);
    }

    public StaticFilesOptions withMaxFileBytes(long bytes) {
        return new StaticFilesOptions(prefix, index, bytes, maxAgeSeconds, dotfiles, contentTypes);
    }

    public StaticFilesOptions withMaxAgeSeconds(long seconds) {
        return new StaticFilesOptions(prefix, index, maxFileBytes, seconds, dotfiles, contentTypes);
    }

    public StaticFilesOptions withDotfiles(boolean serve) {
        return new StaticFilesOptions(prefix, index, maxFileBytes, maxAgeSeconds, serve, contentTypes);
    }

    public StaticFilesOptions withContentType(String extension, String type) {
        Map<String, String> types = new HashMap<>(contentTypes);
        types.put(extension, type);
        return new StaticFilesOptions(prefix, index, maxFileBytes, maxAgeSeconds, dotfiles, types);
    }
}
