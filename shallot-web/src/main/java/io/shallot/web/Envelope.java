package io.shallot.web;

import java.util.Map;

/**
 * The JSON envelope of Shallot APIs, as the document's {@code setResInfo} writes it:
 * {@code {"ret": 0, "message": "success", "data": ...}}; errors carry a non-zero {@code ret} and
 * {@code data} defaults to {@code {}}.
 */
public record Envelope(int ret, String message, Object data) {

    public Envelope {
        data = data == null ? Map.of() : data;
    }

    public static Envelope ok(Object data) {
        return new Envelope(0, "success", data);
    }

    public static Envelope error(int ret, String message) {
        return new Envelope(ret, message, Map.of());
    }
}
