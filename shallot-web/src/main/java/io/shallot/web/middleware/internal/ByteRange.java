package io.shallot.web.middleware.internal;

/**
 * A {@code Range} header (RFC 9110 §14.1.2) applied to a representation of {@code size} bytes.
 * Only one range of the {@code bytes} unit is served; everything else the server may ignore is
 * ignored (the whole representation is sent): other units, several ranges, syntax errors.
 */
public sealed interface ByteRange {

    /** Send the whole representation. */
    record Whole() implements ByteRange {
    }

    /** 416: no byte of the range exists. */
    record Unsatisfiable() implements ByteRange {
    }

    /** Bytes {@code first..last}, both inclusive. */
    record Part(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }
    }

    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return new Whole();
        }
        long first = digits(spec.substring(0, dash).trim());
        String end = spec.substring(dash + 1).trim();
        if (dash == 0 || spec.substring(0, dash).isBlank()) {
            long suffix = digits(end);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - suffix), size - 1);
        }
        if (first < 0) {
            return new Whole();
        }
        long last = end.isEmpty() ? Long.MAX_VALUE : digits(end);
        if (last < 0 || last < first) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, size - 1));
    }

    /** A non-negative decimal of at most 18 digits, else -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }
}
