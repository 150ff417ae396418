package io.shallot.platform.diagnostics.internal;

import io.shallot.web.HttpException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shapes of the values the diagnostics accept, each refusal a 400 naming the field. Every value
 * that reaches a MongoDB filter passes one of these first, so it is a plain string of a known shape.
 */
public final class Checks {
    public static final Set<String> PLATFORMS = Set.of("ios", "android", "web", "harmony", "windows", "mac", "linux", "other");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
    private static final Pattern RECORD_ID = Pattern.compile("[0-9a-f]{32}");

    private Checks() {
    }

    public static HttpException bad(String message) {
        return new HttpException(400, message);
    }

    /** A device or user id: 1-128 of A-Z a-z 0-9 . _ : -. */
    public static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw bad(field + " must be 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    public static String optionalId(String field, String value) {
        return value == null ? null : id(field, value);
    }

    public static String eventName(String field, String value) {
        if (value == null || !EVENT.matcher(value).matches()) {
            throw bad(field + " must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return value;
    }

    public static String metric(String field, String value) {
        if (value == null || !METRIC.matcher(value).matches()) {
            throw bad(field + " must be a lowercase letter then up to 63 of a-z 0-9 _ .");
        }
        return value;
    }

    public static String appVersion(String field, String value) {
        if (value == null || !VERSION.matcher(value).matches()) {
            throw bad(field + " must be 1 to 4 dot-separated numbers of up to 9 digits, like 1.2.0");
        }
        return value;
    }

    public static String platform(String field, String value) {
        if (value == null || !PLATFORMS.contains(value)) {
            throw bad(field + " must be one of ios, android, web, harmony, windows, mac, linux, other");
        }
        return value;
    }

    /** A pull's or report's id as this service makes them: 32 lowercase hex digits. */
    public static String recordId(String field, String value) {
        if (value == null || !RECORD_ID.matcher(value).matches()) {
            throw bad(field + " must be 32 hex digits");
        }
        return value;
    }

    /** An ISO-8601 instant such as 2026-11-28T12:00:00Z. */
    public static Instant instant(String field, String text) {
        if (text == null || text.length() > 64) {
            throw bad(field + " must be an ISO-8601 instant, like 2026-11-28T12:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw bad(field + " must be an ISO-8601 instant, like 2026-11-28T12:00:00Z");
        }
    }

    /** A short text, not blank, at most {@code max} characters, or null when {@code optional} and absent. */
    public static String text(String field, String value, int max, boolean optional) {
        if (value == null && optional) {
            return null;
        }
        if (value == null || value.isBlank() || value.length() > max) {
            throw bad(field + " must be 1 to " + max + " characters");
        }
        return value;
    }
}
