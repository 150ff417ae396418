package io.shallot.cluster.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 1500}, {@code "500ms"}, {@code "2s"}, {@code "1m"}) and sizes ({@code "200M"}, {@code "1G"}). */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b?|b)?");

    private Units() {
    }

    /** Milliseconds; a bare number is milliseconds. Throws IllegalArgumentException with what is allowed. */
    public static long millis(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 1500, \"500ms\", \"2s\" or \"1m\", got \"" + text + "\"");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return Math.round(n * switch (unit) {
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1;
        });
    }

    /** Bytes; a bare number is bytes, K/M/G are powers of 1024 (PM2's max_memory_restart). */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 524288000, \"500K\", \"200M\" or \"1G\", got \"" + text + "\"");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
        return Math.round(n * switch (unit) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        });
    }

    public static String formatBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + "b";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fkb", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1fmb", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2fgb", bytes / (1024.0 * 1024 * 1024));
    }

    public static String formatUptime(long ms) {
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "D";
    }
}
