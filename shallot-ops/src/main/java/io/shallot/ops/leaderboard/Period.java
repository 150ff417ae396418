package io.shallot.ops.leaderboard;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How often a board starts again from empty. Each period has an id that names it in keys and in
 * the API: {@code all}, {@code 2026-11-28} (a day), {@code 2026-W48} (an ISO week, Monday first),
 * {@code 2026-11} (a month); days, weeks and months begin at midnight in the board's zone.
 */
public enum Period {
    ALL_TIME(Pattern.compile("all")),
    DAILY(Pattern.compile("\\d{4}-\\d{2}-\\d{2}")),
    WEEKLY(Pattern.compile("\\d{4}-W\\d{2}")),
    MONTHLY(Pattern.compile("\\d{4}-\\d{2}"));

    private final Pattern idPattern;

    Period(Pattern idPattern) {
        this.idPattern = idPattern;
    }

    /** The id of the period that contains {@code instant}. */
    public String idAt(Instant instant, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(instant, zone);
        return switch (this) {
            case ALL_TIME -> "all";
            case DAILY -> day.toString();
            case WEEKLY -> String.format(Locale.ROOT, "%04d-W%02d",
                    day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTHLY -> YearMonth.from(day).toString();
        };
    }

    /** When the period named {@code id} ends, or null for {@link #ALL_TIME}; an id of another shape is refused. */
    public Instant endOf(String id, ZoneId zone) {
        LocalDate first = firstDay(id);
        LocalDate next = switch (this) {
            case ALL_TIME -> null;
            case DAILY -> first.plusDays(1);
            case WEEKLY -> first.plusWeeks(1);
            case MONTHLY -> first.plusMonths(1);
        };
        return next == null ? null : next.atStartOfDay(zone).toInstant();
    }

    /** When the period named {@code id} begins, or null for {@link #ALL_TIME}. */
    public Instant startOf(String id, ZoneId zone) {
        LocalDate first = firstDay(id);
        return first == null ? null : first.atStartOfDay(zone).toInstant();
    }

    private LocalDate firstDay(String id) {
        if (id == null || !idPattern.matcher(id).matches()) {
            throw new IllegalArgumentException("period \"" + id + "\" is not a " + name().toLowerCase(Locale.ROOT)
                    + " period id (" + example() + ")");
        }
        try {
            return switch (this) {
                case ALL_TIME -> null;
                case DAILY -> LocalDate.parse(id);
                case WEEKLY -> weekStart(id);
                case MONTHLY -> YearMonth.parse(id).atDay(1);
            };
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("period \"" + id + "\" is not a date: " + e.getMessage(), e);
        }
    }

    private static LocalDate weekStart(String id) {
        int year = Integer.parseInt(id.substring(0, 4));
        int week = Integer.parseInt(id.substring(6));
        LocalDate mid = LocalDate.of(year, 7, 1);
        if (week < 1 || week > mid.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw new DateTimeException("year " + year + " has no ISO week " + week);
        }
        return mid.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private String example() {
        return switch (this) {
            case ALL_TIME -> "all";
            case DAILY -> "e.g. 2026-11-28";
            case WEEKLY -> "e.g. 2026-W48";
            case MONTHLY -> "e.g. 2026-11";
        };
    }
}
