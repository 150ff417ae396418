package io.shallot.ops.vote;

import io.shallot.ops.Ids;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A voting activity (投票活动) as configured: users vote for its options while it is open, from
 * {@code start} (inclusive) to {@code end} (exclusive), each at most {@code votesPerUser} times
 * over the whole activity, or per calendar day in {@code zone} when {@code perDay} is set (the
 * allowance starts afresh at each midnight there). A user may vote for one option several times.
 *
 * <p>The ids become parts of Redis keys, so they are {@link Ids ids}: 1 to 64 characters of
 * letters, digits and {@code _ . -}. An activity that breaks a rule is refused here, with an
 * {@link IllegalArgumentException} naming the field and its value, so a bad configuration fails
 * at startup rather than at the first vote.
 *
 * @param options at most {@value #MAX_OPTIONS} distinct option ids, in the order tallies list them
 * @param zone    where a day begins when {@code perDay}; null means UTC
 */
public record Activity(String id, List<String> options, Instant start, Instant end, int votesPerUser, boolean perDay,
                       ZoneId zone) {
    public static final int MAX_OPTIONS = 1000;

    /** Where a vote stands in time. */
    public enum Status {
        UPCOMING, OPEN, CLOSED
    }

    public Activity {
        Ids.require("activity id", id);
        if (options == null || options.isEmpty() || options.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("options of activity " + id + " must list 1 to " + MAX_OPTIONS
                    + " option ids, got " + (options == null ? "none" : options.size()));
        }
        Set<String> seen = new HashSet<>();
        for (String option : options) {
            Ids.require("option of activity " + id, option);
            if (!seen.add(option)) {
                throw new IllegalArgumentException("options of activity " + id + " list \"" + option + "\" twice");
            }
        }
        options = List.copyOf(options);
        if (start == null || end == null) {
            throw new IllegalArgumentException("activity " + id + " needs a start and an end, got " + start + " and " + end);
        }
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end of activity " + id + " must be after its start " + start + ", got " + end);
        }
        if (votesPerUser < 1) {
            throw new IllegalArgumentException("votesPerUser of activity " + id + " must be at least 1, got " + votesPerUser);
        }
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /** An activity whose days, if {@code perDay}, are UTC days. */
    public Activity(String id, List<String> options, Instant start, Instant end, int votesPerUser, boolean perDay) {
        this(id, options, start, end, votesPerUser, perDay, ZoneOffset.UTC);
    }

    public Status statusAt(Instant now) {
        if (now.isBefore(start)) {
            return Status.UPCOMING;
        }
        return now.isBefore(end) ? Status.OPEN : Status.CLOSED;
    }
}
