package io.shallot.cluster.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive descent over one JSON document (RFC 8259), for {@link Json#parse}. Every error names
 * the character offset and what was expected there; nesting and number length are bounded, so no
 * input makes it recurse without end or spend quadratic time on a huge number.
 */
final class JsonParser {
    private final String in;
    private int pos;

    JsonParser(String in) {
        this.in = in;
    }

    Object document() throws IOException {
        Object value = value(0);
        skipSpace();
        if (pos < in.length()) {
            throw error("the end after the value");
        }
        return value;
    }

    private Object value(int depth) throws IOException {
        skipSpace();
        if (pos >= in.length()) {
            throw error("a value");
        }
        char c = in.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws IOException {
        checkDepth(depth);
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("a string key");
            }
            int at = pos;
            String key = string();
            skipSpace();
            expect(':');
            if (map.containsKey(key)) {
                throw new IOException("invalid JSON at offset " + at + ": the key '" + key + "' appears twice in an object");
            }
            map.put(key, value(depth));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                return map;
            } else {
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws IOException {
        checkDepth(depth);
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                return list;
            } else {
                throw error("',' or ']'");
            }
        }
    }

    private String string() throws IOException {
        pos++;
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= in.length()) {
                throw error("'\"' to close the string that starts at " + (start - 1));
            }
            char c = in.charAt(pos);
            if (c == '"') {
                String s = sb == null ? in.substring(start, pos) : sb.append(in, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("no control character (U+" + hex(c) + ") unescaped in a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(in, start, pos);
            pos++;
            sb.append(escape());
            start = pos;
        }
    }

    /** After a backslash: one escaped character, or a {@code \\u} pair for a character outside the BMP. */
    private char escape() throws IOException {
        char c = pos < in.length() ? in.charAt(pos) : 0;
        pos++;
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default -> {
                pos--;
                throw error("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
            }
        };
    }

    /**
     * Four hex digits. A lone surrogate is taken as it is (JavaScript's JSON.parse does the same, and
     * the writer escapes it again), so a pair written as two escapes becomes one character.
     */
    private char unicode() throws IOException {
        if (pos + 4 > in.length()) {
            throw error("four hex digits after \\u");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char c = in.charAt(pos);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw error("a hex digit in a \\u escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() throws IOException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            pos++;
            integer = false;
            if (!digits()) {
                throw error("a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integer = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("a digit in the exponent");
            }
        }
        if (pos - start > Json.MAX_NUMBER_LENGTH) {
            pos = start;
            throw error("a number of at most " + Json.MAX_NUMBER_LENGTH + " characters");
        }
        String text = in.substring(start, pos);
        if (integer) {
            // 19 digits and a sign always fit a long; longer ones may not
            return text.length() < 19 ? (Object) Long.parseLong(text) : integer(text);
        }
        double d = Double.parseDouble(text);
        return Double.isInfinite(d) ? new BigDecimal(text) : d;
    }

    private static Object integer(String text) {
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws IOException {
        if (!in.startsWith(word, pos)) {
            throw error("a value ('" + word + "'?)");
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) throws IOException {
        if (depth > Json.MAX_DEPTH) {
            throw error("at most " + Json.MAX_DEPTH + " levels of nesting");
        }
    }

    private void expect(char c) throws IOException {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private IOException error(String expected) {
        String found = pos >= in.length() ? "the end of the input"
                : "'" + (in.charAt(pos) < 0x20 ? "\\u" + hex(in.charAt(pos)) : in.substring(pos, in.offsetByCodePoints(pos, 1))) + "'";
        return new IOException("invalid JSON at offset " + pos + ": expected " + expected + ", found " + found);
    }

    private static String hex(char c) {
        String h = Integer.toHexString(c).toUpperCase(Locale.ROOT);
        return "0000".substring(h.length()) + h;
    }
}
