package io.shallot.ops.vote;

import java.time.Instant;
import java.util.List;

/**
 * The votes of every option of an activity, in the activity's order (0 for an option nobody voted
 * for), as read at most the tally cache's time-to-live ago; {@code status} is as of now.
 */
public record Tally(String activity, Activity.Status status, Instant start, Instant end, List<Count> options,
                    long total) {

    public Tally {
        options = List.copyOf(options);
    }

    /** One option's votes. */
    public record Count(String option, long votes) {
    }

    /** The votes of {@code option}; 0 for one the activity does not have. */
    public long votes(String option) {
        for (Count count : options) {
            if (count.option().equals(option)) {
                return count.votes();
            }
        }
        return 0;
    }
}
