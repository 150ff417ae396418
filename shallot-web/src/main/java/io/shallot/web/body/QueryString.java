package io.shallot.web.body;

import io.shallot.web.router.internal.PercentDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses URL query strings and {@code application/x-www-form-urlencoded} bodies into
 * {@code name -> values}.
 *
 * <p>Rules (the same for both, as in the WHATWG URL standard's form-urlencoded parser, except
 * for malformed escapes):
 * <ul>
 *   <li>Pairs are separated by {@code &} only ({@code ;} is ordinary text). Empty pairs
 *       ({@code a=1&&b}) are skipped; a pair without {@code =} has the value {@code ""}; only the
 *       first {@code =} separates, so {@code a=1=2} gives {@code "1=2"}.</li>
 *   <li>In names and values {@code +} is a space, then {@code %XX} escapes are decoded as UTF-8;
 *       {@code %2B} is a literal {@code +}.</li>
 *   <li>Malformed escapes ({@code %G1}, a truncated {@code %4}) and escaped bytes that are not
 *       valid UTF-8 are rejected with {@link IllegalArgumentException} naming the escape and its
 *       index; nothing is returned. Callers answer 400.</li>
 *   <li>Names are opaque strings: {@code a[$ne]}, {@code user.name}, {@code __proto__} and
 *       {@code constructor} mean nothing special, and no nesting is built from brackets or dots.
 *       This is what keeps {@code ?user_ids[$ne]=1} from becoming a MongoDB operator.</li>
 *   <li>More than {@code maxParams} pairs (default {@value #DEFAULT_MAX_PARAMS}, counting
 *       repeats, not counting empty pairs) is rejected with {@link IllegalArgumentException}
 *       before the excess is decoded.</li>
 * </ul>
 *
 * <p>The result is immutable: keys in first-seen order, each with an immutable list of its
 * values in order of appearance. A {@code null} or empty input gives an empty map. The input is
 * the raw query without its leading {@code ?}, or the body decoded as ASCII/UTF-8 text.
 * Stateless and thread-safe.
 */
public final class QueryString {

    /** The default cap on the number of pairs, as in Node's {@code querystring} and {@code qs}. */
    public static final int DEFAULT_MAX_PARAMS = 1000;

    private QueryString() {
    }

    /** Parses a raw query string with the default cap. */
    public static Map<String, List<String>> parse(String rawQuery) {
        return parse(rawQuery, DEFAULT_MAX_PARAMS);
    }

    /**
     * Parses a raw query string accepting at most {@code maxParams} pairs.
     *
     * @throws IllegalArgumentException if it is malformed, has too many pairs, or
     *                                  {@code maxParams < 1}
     */
    public static Map<String, List<String>> parse(String rawQuery, int maxParams) {
        return parse(rawQuery, maxParams, "query string");
    }

    /** Parses an {@code application/x-www-form-urlencoded} body with the default cap. */
    public static Map<String, List<String>> parseForm(String body) {
        return parseForm(body, DEFAULT_MAX_PARAMS);
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} body accepting at most
     * {@code maxParams} pairs.
     *
     * @throws IllegalArgumentException if it is malformed, has too many pairs, or
     *                                  {@code maxParams < 1}
     */
    public static Map<String, List<String>> parseForm(String body, int maxParams) {
        return parse(body, maxParams, "form body");
    }

    private static Map<String, List<String>> parse(String s, int maxParams, String what) {
        if (maxParams < 1) {
            throw new IllegalArgumentException("maxParams must be at least 1, got " + maxParams);
        }
        if (s == null || s.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        int length = s.length();
        while (start <= length) {
            int amp = s.indexOf('&', start);
            if (amp < 0) {
                amp = length;
            }
            if (amp > start) {
                if (++count > maxParams) {
                    throw new IllegalArgumentException(
                            what + " has more than " + maxParams + " parameters");
                }
                int nameEnd = start;
                while (nameEnd < amp && s.charAt(nameEnd) != '=') {
                    nameEnd++;
                }
                String name = decode(s, start, nameEnd, what);
                String value = nameEnd == amp ? "" : decode(s, nameEnd + 1, amp, what);
                values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = amp + 1;
        }
        values.replaceAll((name, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(values);
    }

    private static String decode(String s, int from, int to, String what) {
        try {
            return PercentDecoder.decode(s, from, to, true);
        } catch (PercentDecoder.MalformedException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e.getMessage(), e);
        }
    }
}
