package io.shallot.cluster.config;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code log_date_format}: PM2 files use moment tokens ({@code YYYY-MM-DD HH:mm:ss Z}); they are
 * translated to {@link DateTimeFormatter} patterns, which are accepted as they are otherwise.
 */
public final class DateFormats {
    private DateFormats() {
    }

    public static DateTimeFormatter parse(String pattern) {
        return DateTimeFormatter.ofPattern(translate(pattern), Locale.ROOT);
    }

    static String translate(String moment) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < moment.length()) {
            char c = moment.charAt(i);
            int run = 1;
            while (i + run < moment.length() && moment.charAt(i + run) == c) {
                run++;
            }
            String token = String.valueOf(c).repeat(run);
            out.append(switch (token) {
                case "YYYY" -> "yyyy";
                case "YY" -> "yy";
                case "DD" -> "dd";
                case "D" -> "d";
                case "A" -> "a";
                case "Z" -> "xxx";
                case "ZZ" -> "xx";
                default -> token;
            });
            i += run;
        }
        return out.toString();
    }
}
