package io.shallot.ops.vote;

import java.time.Instant;

/**
 * A user's votes in an activity for the current allowance: the whole activity, or today in the
 * activity's zone when it allows votes per day.
 *
 * @param resets when the allowance starts afresh: the next midnight in the activity's zone for a
 *               per-day activity, if the activity is still open then; else null
 */
public record Allowance(String activity, String user, long used, long remaining, Instant resets) {
}
