package io.shallot.cluster.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of the process manager's control plane (frames, saved state, replies), on the JDK alone:
 * the daemon must not load Jackson, whose ObjectMapper alone brings in about 600 classes and, through
 * its date format, the JDK's locale data (issue 5). Values are plain JDK objects: a {@code Map<String,
 * Object>} (parsed: a {@code LinkedHashMap}, keys in order), a {@code List<Object>}, a String, a
 * Long (a BigInteger past its range), a Double for numbers with a fraction or exponent (a BigDecimal
 * past its range), a Boolean, or null.
 *
 * <p>Written compactly as Jackson writes a tree ({@code {"a":1,"b":[true,null]}}), so what the CLI
 * prints with {@code --json} keeps its shape. Parsing is strict RFC 8259 and bounded
 * ({@link #MAX_DEPTH} levels, numbers of at most {@link #MAX_NUMBER_LENGTH} characters): bad input
 * fails with an IOException that says where and what was expected.
 */
public final class Json {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NUMBER_LENGTH = 1000;

    private Json() {
    }

    /** Parses UTF-8 bytes holding one JSON value. */
    public static Object parse(byte[] utf8) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("invalid JSON: not valid UTF-8 (" + e + ")", e);
        }
        return parse(text);
    }

    /** Parses a string holding one JSON value. */
    public static Object parse(String text) throws IOException {
        return new JsonParser(text).document();
    }

    /** A value as compact JSON; throws IllegalArgumentException for what JSON cannot hold (NaN, a cycle, other types). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1, 0);
        return out.toString();
    }

    /** As {@link #write(Object)}, indented by two spaces per level, for files people read. */
    public static String writePretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0, 0);
        return out.append('\n').toString();
    }

    public static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** An object with these members in this order ({@code "type", "drain", "sent", 3}); mutable, so more can be put. */
    public static Map<String, Object> fields(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields(...) takes pairs of a key and a value");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------ reading values

    /** The value as an object; IOException when it is something else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) throws IOException {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IOException("expected a JSON object, got " + kind(value));
    }

    /** The value as a list of objects; IOException when it is something else. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Object value) throws IOException {
        if (value instanceof List<?> list) {
            for (Object o : list) {
                object(o);
            }
            return (List<Map<String, Object>>) list;
        }
        throw new IOException("expected a JSON array of objects, got " + kind(value));
    }

    /** A member as text: a string as is, a number or boolean as written, "" when missing or null (Jackson's {@code path(key).asText()}). */
    public static String text(Map<String, ?> object, String key) {
        Object v = object.get(key);
        return v == null || v instanceof Map || v instanceof List ? "" : v.toString();
    }

    /** A numeric member, or {@code otherwise} when it is missing or not a number. */
    public static long longValue(Map<String, ?> object, String key, long otherwise) {
        return object.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    /** A numeric member, or {@code otherwise} when it is missing or not a number. */
    public static double doubleValue(Map<String, ?> object, String key, double otherwise) {
        return object.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    /** What a value is, for error messages: "an object", "a string", "null"... */
    public static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> value.getClass().getName();
        };
    }

    // ------------------------------------------------------------------ writing

    /** {@code indent} < 0: compact; else the current indentation level of a pretty print. */
    private static void write(StringBuilder out, Object value, int indent, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("cannot write JSON nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(finite(d, d.isNaN() || d.isInfinite()));
            case Float f -> out.append(finite(f, f.isNaN() || f.isInfinite()));
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            case Short n -> out.append(n);
            case Byte n -> out.append(n);
            case BigInteger n -> out.append(n);
            case BigDecimal n -> out.append(n);
            case Map<?, ?> m -> object(out, m, indent, depth);
            case Collection<?> c -> array(out, c, indent, depth);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static Number finite(Number n, boolean notFinite) {
        if (notFinite) {
            throw new IllegalArgumentException("cannot write " + n + " as JSON");
        }
        return n;
    }

    private static void object(StringBuilder out, Map<?, ?> map, int indent, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + kind(e.getKey()));
            }
            out.append(first ? "" : ",");
            newline(out, indent, 1);
            string(out, key);
            out.append(indent < 0 ? ":" : " : ");
            write(out, e.getValue(), indent < 0 ? indent : indent + 1, depth + 1);
            first = false;
        }
        if (!first) {
            newline(out, indent, 0);
        }
        out.append('}');
    }

    private static void array(StringBuilder out, Collection<?> items, int indent, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            out.append(first ? "" : ",");
            newline(out, indent, 1);
            write(out, item, indent < 0 ? indent : indent + 1, depth + 1);
            first = false;
        }
        if (!first) {
            newline(out, indent, 0);
        }
        out.append(']');
    }

    private static void newline(StringBuilder out, int indent, int extra) {
        if (indent >= 0) {
            out.append('\n').append("  ".repeat(indent + extra));
        }
    }

    /** Quotes and escapes: the two JSON must escape, control characters, and lone surrogates (so the UTF-8 is valid). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
                        out.append("\\u").append("0000", hex.length(), 4).append(hex);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
