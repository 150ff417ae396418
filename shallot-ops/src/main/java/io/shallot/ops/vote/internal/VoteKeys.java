package io.shallot.ops.vote.internal;

import io.shallot.mvc.cache.Redis;
import io.shallot.ops.vote.Activity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Where one activity's votes live in Redis, and for how long. Every key is
 * {@code vote:{<activity>}:...} under the Redis prefix; the braces make the activity a hash tag,
 * so on a Redis Cluster all of an activity's keys share a slot, as the vote script needs. Users
 * and options are ids, without {@code :}, so no two users' keys can meet.
 *
 * <p>Lifetimes are counted from the caller's clock, not set as instants, so a clock that differs
 * from Redis's only shifts them: a user's count lives until its period ends plus
 * {@link #MARGIN} (hosts whose clocks differ a little still see the same count), the tally until
 * {@link #RESULTS_KEPT} after the activity ends, an idempotency record {@link #IDEMPOTENCY_KEPT}.
 */
public final class VoteKeys {
    public static final Duration RESULTS_KEPT = Duration.ofDays(30);
    public static final Duration IDEMPOTENCY_KEPT = Duration.ofHours(24);
    public static final Duration MARGIN = Duration.ofHours(1);

    private final Activity activity;
    private final String base;

    public VoteKeys(Redis redis, Activity activity) {
        this.activity = activity;
        this.base = redis.key("vote:{" + activity.id() + "}:");
    }

    /** The hash of option -> votes. */
    public String tally() {
        return base + "tally";
    }

    /** The user's count for the period running at {@code now}: the activity, or that day in its zone. */
    public String used(String user, Instant now) {
        return activity.perDay() ? base + "used:" + day(now) + ":" + user : base + "used:" + user;
    }

    /** The first answer to a vote by {@code user} under {@code idempotencyKey} (the key comes last: it may hold {@code :}). */
    public String idempotency(String user, String idempotencyKey) {
        return base + "idem:" + user + ":" + idempotencyKey;
    }

    /** When the user's allowance starts afresh: the next midnight of a per-day activity, unless it has closed by then. */
    public Instant resetsAt(Instant now) {
        if (!activity.perDay()) {
            return null;
        }
        Instant next = nextDay(now);
        return next.isBefore(activity.end()) ? next : null;
    }

    public Duration usedLifetime(Instant now) {
        Instant periodEnd = activity.perDay() ? nextDay(now) : activity.end();
        return atLeastOneMilli(Duration.between(now, periodEnd.plus(MARGIN)));
    }

    public Duration tallyLifetime(Instant now) {
        return atLeastOneMilli(Duration.between(now, activity.end().plus(RESULTS_KEPT)));
    }

    private LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, activity.zone());
    }

    private Instant nextDay(Instant now) {
        return day(now).plusDays(1).atStartOfDay(activity.zone()).toInstant();
    }

    /** Redis deletes a key given a lifetime of 0 or less at once. */
    private static Duration atLeastOneMilli(Duration lifetime) {
        return lifetime.toMillis() < 1 ? Duration.ofMillis(1) : lifetime;
    }
}
