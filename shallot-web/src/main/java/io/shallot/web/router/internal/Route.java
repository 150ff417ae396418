package io.shallot.web.router.internal;

import java.util.List;
import java.util.Map;

/**
 * One registered route: method, pattern and value, plus what a match needs precomputed so that a
 * lookup allocates nothing for a parameterless route and only the values array otherwise.
 * Immutable.
 */
final class Route<T> {

    private static final byte LITERAL = 0;
    private static final byte PARAM = 1;
    private static final byte WILDCARD = 2;

    final String method;
    final PathPattern pattern;
    final T value;
    private final byte[] kinds;
    private final String[] names;
    private final Match.Found<T> parameterless;

    Route(String method, PathPattern pattern, T value) {
        this.method = method;
        this.pattern = pattern;
        this.value = value;
        List<PathPattern.Segment> segments = pattern.segments();
        this.kinds = new byte[segments.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = switch (segments.get(i)) {
                case PathPattern.Literal l -> LITERAL;
                case PathPattern.Param p -> PARAM;
                case PathPattern.Wildcard w -> WILDCARD;
            };
        }
        this.names = pattern.paramNames().toArray(String[]::new);
        this.parameterless = names.length == 0
                ? new Match.Found<>(value, Map.of(), pattern.source()) : null;
    }

    /**
     * Builds the match for {@code path}, which the trie has already matched against this route's
     * shape and validated, so decoding cannot fail here.
     */
    Match.Found<T> found(String path) {
        if (parameterless != null) {
            return parameterless;
        }
        String[] values = new String[names.length];
        int p = 0;
        int start = 1;
        for (byte kind : kinds) {
            if (kind == WILDCARD) {
                values[p] = PercentDecoder.decode(path, start, path.length(), false);
                break;
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (kind == PARAM) {
                values[p++] = PercentDecoder.decode(path, start, end, false);
            }
            start = end + 1;
        }
        return new Match.Found<>(value, new Params(names, values), pattern.source());
    }

    @Override
    public String toString() {
        return method + " " + pattern.source();
    }
}
