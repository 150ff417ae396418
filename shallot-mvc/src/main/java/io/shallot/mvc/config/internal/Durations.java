package io.shallot.mvc.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config files: {@code 250ms}, {@code 10s}, {@code 5m},
 * {@code 1h}, {@code 2d}, ISO-8601 ({@code PT10S}), or a bare number of milliseconds.
 */
public final class Durations {
    public static final String ALLOWED = "a duration such as 250ms, 10s, 5m, 1h, 2d (or a number of milliseconds)";
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Parses {@code text}; null when it is not a duration. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (t.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(t));
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A Jackson module that binds {@link Duration} with {@link #parse}. */
    public static SimpleModule module() {
        return new SimpleModule("shallot-durations").addDeserializer(Duration.class, new Deserializer());
    }

    private static final class Deserializer extends StdScalarDeserializer<Duration> {
        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofMillis(p.getLongValue());
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Duration d = parse(p.getText());
                if (d != null) {
                    return d;
                }
                throw ctxt.weirdStringException(p.getText(), Duration.class, "not " + ALLOWED);
            }
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
    }
}
