package io.shallot.gateway.proxy;

import io.shallot.gateway.Refusal;
import io.shallot.gateway.Refusal.GatewayException;
import io.shallot.gateway.proxy.internal.PercentCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one normal form of a request path, computed once, before route matching and permission
 * checks, so that every later decision (which API, is it granted, where it goes upstream) is made
 * on the same path the upstream will receive.
 *
 * <p>{@link #normalize} turns the raw, percent-encoded path of the request target into decoded
 * text, in this order, refusing with {@link Refusal#BAD_PATH} (400) instead of guessing:
 * <ol>
 *   <li>the target must be a path starting with {@code /} (no absolute-form URL, which the server
 *       has already turned into its path, and no {@code *}) and must not contain a raw backslash;</li>
 *   <li>each segment is percent-decoded exactly once, as strict UTF-8: a bad escape
 *       ({@code %zz}), overlong or otherwise invalid UTF-8 ({@code %C0%AE}, {@code %FF}) is
 *       refused. What decoding yields is text: {@code %252e} becomes the three characters
 *       {@code %2e} and is never decoded again;</li>
 *   <li>a decoded segment holding {@code /} ({@code %2F}), {@code \} ({@code %5C}) or a control
 *       character (NUL {@code %00}, C0, DEL, C1) is refused: no segment can be read as two by
 *       anyone downstream;</li>
 *   <li>{@code .} segments are dropped and {@code ..} removes the segment before it, whether sent
 *       plain or encoded ({@code %2e%2e}); a {@code ..} above the root is refused. A segment that
 *       is {@code .} or {@code ..} followed by {@code ;} ({@code ..;}) is refused, since servlet
 *       containers strip {@code ;params} and would read it as a dot segment;</li>
 *   <li>empty segments ({@code //}) are dropped; a trailing {@code /} (or a trailing dot
 *       segment, as in RFC 3986 §5.2.4) is kept as a trailing {@code /}.</li>
 * </ol>
 * Case is kept: route prefixes match ignoring case ({@link RouteMatcher}), while the upstream gets
 * the client's spelling, re-encoded canonically by {@link #encode}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PathNormalizer {

    private PathNormalizer() {
    }

    /**
     * The decoded normal form of {@code rawPath} (the request target without its query): starts
     * with {@code /}, has no empty, {@code .} or {@code ..} segments, and no segment contains
     * {@code /}.
     *
     * @throws GatewayException {@link Refusal#BAD_PATH}, with a message naming the problem
     */
    public static String normalize(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw bad("the request target must be a path starting with '/'");
        }
        List<String> segments = new ArrayList<>();
        boolean directory = false;
        int start = 1;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String name = decode(rawPath.substring(start, end));
            if (name.isEmpty() || name.equals(".")) {
                directory = true;
            } else if (name.equals("..")) {
                if (segments.isEmpty()) {
                    throw bad("'..' leaves the root");
                }
                segments.removeLast();
                directory = true;
            } else {
                segments.add(name);
                directory = false;
            }
            start = end + 1;
        }
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder(rawPath.length());
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        return directory ? path.append('/').toString() : path.toString();
    }

    /**
     * The request target path to send for a {@link #normalize normalised} path: each segment
     * percent-encoded canonically (unreserved characters and {@code !$&'()*+,=:@} as they are,
     * everything else, {@code %} and {@code ;} included, as upper-case {@code %XX} of its UTF-8
     * bytes), joined with {@code /}.
     */
    public static String encode(String normalised) {
        StringBuilder out = new StringBuilder(normalised.length() + 8);
        int start = 1;
        while (start <= normalised.length()) {
            int end = normalised.indexOf('/', start);
            if (end < 0) {
                end = normalised.length();
            }
            out.append('/').append(PercentCodec.encodeSegment(normalised.substring(start, end)));
            start = end + 1;
        }
        return out.toString();
    }

    private static String decode(String raw) {
        if (raw.indexOf('\\') >= 0) {
            throw bad("backslash in the path");
        }
        String name;
        try {
            name = PercentCodec.decode(raw, false);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                throw bad("encoded '/' (%2F) in a path segment");
            }
            if (c == '\\') {
                throw bad("encoded backslash (%5C) in a path segment");
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw bad("control character in the path");
            }
        }
        if (name.startsWith(".;") || name.startsWith("..;")) {
            throw bad("dot segment with a ';' parameter");
        }
        return name;
    }

    private static GatewayException bad(String detail) {
        return Refusal.BAD_PATH.exception(Refusal.BAD_PATH.message() + ": " + detail, Map.of());
    }
}
