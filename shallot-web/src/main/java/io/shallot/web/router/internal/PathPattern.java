package io.shallot.web.router.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated route pattern, split into segments. Immutable and thread-safe.
 *
 * <p>Syntax (everything else is rejected with an {@link IllegalArgumentException} that quotes
 * the pattern and names the offending part):
 * <ul>
 *   <li>A pattern starts with {@code /}; segments are separated by {@code /}.</li>
 *   <li>{@code :name} is a parameter and takes a whole segment; it matches one non-empty path
 *       segment. Names are ASCII letters, digits and {@code _}, not starting with a digit, and
 *       unique within a pattern.</li>
 *   <li>{@code *} or {@code *name} as the last segment is a wildcard: it matches the rest of the
 *       path, possibly empty, and is exposed as parameter {@code "*"} (or {@code name}).</li>
 *   <li>Any other segment is literal text, written decoded ({@code /café}, not
 *       {@code /caf%C3%A9}): paths are percent-decoded before they are compared with it.</li>
 *   <li>A trailing {@code /} is a final empty literal segment, so {@code /a/} and {@code /a} are
 *       different patterns; an empty segment anywhere else ({@code //}) is an error.</li>
 *   <li>Not supported, each with its own message: regex constraints {@code :id(\d+)} and groups,
 *       modifiers {@code ?}, {@code +}, {@code *} after a parameter, {@code {name}} placeholders,
 *       partial-segment parameters such as {@code /:from-:to}, {@code *} anywhere but as the whole
 *       last segment, {@code %}, {@code #}, control characters, and the dot segments
 *       {@code .} and {@code ..} (clients remove those before sending a path).</li>
 * </ul>
 */
public final class PathPattern {

    /** One segment of a pattern. */
    public sealed interface Segment permits Literal, Param, Wildcard {
    }

    /** Literal text that a decoded path segment must equal exactly (case-sensitive). */
    public record Literal(String text) implements Segment {
    }

    /** A named parameter matching one non-empty segment. */
    public record Param(String name) implements Segment {
    }

    /** The rest of the path; {@code name} is {@code "*"} for a bare wildcard. */
    public record Wildcard(String name) implements Segment {
    }

    private final String source;
    private final List<Segment> segments;
    private final List<String> paramNames;

    private PathPattern(String source, List<Segment> segments, List<String> paramNames) {
        this.source = source;
        this.segments = List.copyOf(segments);
        this.paramNames = List.copyOf(paramNames);
    }

    /**
     * Parses and validates {@code pattern}.
     *
     * @throws IllegalArgumentException if the pattern is null or uses unsupported syntax
     */
    public static PathPattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("route pattern must not be null");
        }
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw error(pattern, "must start with '/'");
        }
        List<Segment> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int start = 1;
        while (start <= pattern.length()) {
            int end = pattern.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = pattern.length();
            }
            Segment segment = segment(pattern, start, end, last);
            String name = switch (segment) {
                case Param p -> p.name();
                case Wildcard w -> w.name();
                case Literal l -> null;
            };
            if (name != null) {
                if (names.contains(name)) {
                    throw error(pattern, "duplicate parameter name '" + name + "'");
                }
                names.add(name);
            }
            segments.add(segment);
            start = end + 1;
        }
        return new PathPattern(pattern, segments, names);
    }

    /** The pattern exactly as written. */
    public String source() {
        return source;
    }

    /** The segments in path order; a trailing slash is a final empty {@link Literal}. */
    public List<Segment> segments() {
        return segments;
    }

    /** Parameter names in path order, the wildcard's ({@code "*"} or its name) last. */
    public List<String> paramNames() {
        return paramNames;
    }

    @Override
    public String toString() {
        return source;
    }

    private static Segment segment(String pattern, int start, int end, boolean last) {
        if (start == end) {
            if (!last) {
                throw error(pattern, "has an empty segment ('//') at index " + (start - 1));
            }
            return new Literal("");
        }
        char first = pattern.charAt(start);
        if (first == ':') {
            return new Param(name(pattern, start, end, "parameter"));
        }
        if (first == '*') {
            if (!last) {
                throw error(pattern, "has '*' before the end: a wildcard must be the last segment");
            }
            return new Wildcard(end == start + 1 ? "*" : name(pattern, start, end, "wildcard"));
        }
        String text = pattern.substring(start, end);
        if (text.equals(".") || text.equals("..")) {
            // RFC 3986 §5.2.4: clients remove dot segments before sending, so this never matches.
            throw error(pattern, "has a dot segment '" + text + "', which clients remove from"
                    + " paths before sending them");
        }
        for (int i = start; i < end; i++) {
            String problem = literalProblem(pattern.charAt(i));
            if (problem != null) {
                throw error(pattern, "has '" + pattern.charAt(i) + "' at index " + i + ": " + problem);
            }
        }
        return new Literal(text);
    }

    private static String name(String pattern, int start, int end, String kind) {
        String written = pattern.substring(start, end);
        if (end == start + 1) {
            throw error(pattern, "has an empty " + kind + " name ('" + written + "')");
        }
        for (int i = start + 1; i < end; i++) {
            char c = pattern.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || (i > start + 1 && c >= '0' && c <= '9');
            if (!ok) {
                String prefix = pattern.substring(start, i);
                throw error(pattern, switch (c) {
                    case '?', '+', '*' -> "has modifier '" + c + "' after " + kind + " '" + prefix
                            + "': optional and repeated parameters are not supported";
                    case '(' -> "has a regex constraint after " + kind + " '" + prefix
                            + "': regex parameters are not supported";
                    case ':', '-', '.' -> "has '" + written + "': a " + kind
                            + " takes a whole segment, partial-segment parameters are not supported";
                    default -> "has invalid character '" + c + "' in " + kind + " name '" + written
                            + "': names are ASCII letters, digits and '_', not starting with a digit";
                });
            }
        }
        return pattern.substring(start + 1, end);
    }

    private static String literalProblem(char c) {
        return switch (c) {
            case '(', ')' -> "regex groups are not supported";
            case '{', '}' -> "'{name}' placeholders are not supported, use ':name'";
            case ':' -> "':name' parameters must take a whole segment";
            case '*' -> "a wildcard must be a whole segment ('/*') and the last one";
            case '?' -> "optional parts are not supported, and a pattern has no query";
            case '#' -> "a pattern has no fragment";
            case '%' -> "patterns are matched against decoded paths, write the decoded character";
            default -> c < 0x20 || c == 0x7F ? "control characters are not allowed" : null;
        };
    }

    private static IllegalArgumentException error(String pattern, String problem) {
        return new IllegalArgumentException("route pattern '" + pattern + "' " + problem);
    }
}
