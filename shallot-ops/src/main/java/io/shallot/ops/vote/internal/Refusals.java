package io.shallot.ops.vote.internal;

import io.shallot.ops.vote.Activity;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The errors a vote can meet, each with its status and a message that tells the client what to do. */
public final class Refusals {
    private Refusals() {
    }

    public static HttpException unknownActivity(String id) {
        return new HttpException(404, "no voting activity " + id);
    }

    public static HttpException unknownOption(Activity activity, String option) {
        return new HttpException(400, "activity " + activity.id() + " has no option " + option);
    }

    public static HttpException badIdempotencyKey() {
        return new HttpException(400, "Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -");
    }

    public static HttpException notOpen(Activity activity, Instant now) {
        return activity.statusAt(now) == Activity.Status.UPCOMING
                ? new HttpException(409, "voting in " + activity.id() + " opens at " + activity.start())
                : new HttpException(409, "voting in " + activity.id() + " closed at " + activity.end());
    }

    /** The allowance is used up; for a per-day activity, {@code Retry-After} says when it starts afresh. */
    public static HttpException spent(Activity activity, String user, Instant resets, Instant now) {
        String votes = activity.votesPerUser() == 1 ? "1 vote" : activity.votesPerUser() + " votes";
        if (!activity.perDay()) {
            return new HttpException(429, user + " has used all " + votes + " in " + activity.id());
        }
        String today = user + " has used all " + votes + " for today in " + activity.id();
        if (resets == null) {
            return new HttpException(429, today + ", and it closes before the next day begins");
        }
        long seconds = Math.max(1, Duration.between(now, resets).plusMillis(999).toSeconds());
        return new HttpException(429, -1, today + "; more votes at " + resets, Map.of("Retry-After", Long.toString(seconds)), null);
    }

    public static HttpException idempotencyKeyReused(String firstOption, String option) {
        return new HttpException(422, "this Idempotency-Key was used for a vote for " + firstOption
                + "; a vote for " + option + " needs a key of its own");
    }
}
