package io.shallot.ops.vote;

import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisCall;
import io.shallot.ops.Ids;
import io.shallot.ops.vote.internal.Refusals;
import io.shallot.ops.vote.internal.TallyCache;
import io.shallot.ops.vote.internal.VoteKeys;
import io.shallot.ops.vote.internal.VoteScript;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Voting activities with all their state in Redis, so any number of processes serve one activity
 * and agree. A vote is one Lua script: it checks the user's allowance, counts the user's vote and
 * the option's, and records the answer under the idempotency key, all or nothing, so concurrent
 * votes never count more than the allowance. Every key lives under {@code vote:{<activity>}:} and
 * expires: a user's count an hour after its period (the activity, or the day) ends, the tally 30
 * days after the activity ends, an idempotency record after 24 hours.
 *
 * <p>Tallies are what a read storm asks for: each is cached in this process for a time-to-live
 * (default {@link #DEFAULT_TALLY_TTL}), so a tally may lag the votes by up to that long, including
 * this process's own votes. A user's allowance is always read fresh.
 *
 * <p>Whether an activity is open is decided by the {@link Clock} given here; the window is
 * {@code [start, end)}. Users are not authenticated here: the caller vouches for them.
 *
 * <p>Errors: the promise rejects with an {@link HttpException}, and nothing is counted: an
 * unknown activity 404; a malformed id, an option the activity lacks or a malformed idempotency
 * key 400; an activity not open yet or closed already 409, saying when it opens or closed; an
 * idempotency key reused for another option 422; no votes left 429, saying when they reset; Redis
 * unavailable 503.
 *
 * <p>Thread-safe. Call it on a loop thread; its promises settle on that loop.
 */
public final class Votes {
    public static final Duration DEFAULT_TALLY_TTL = Duration.ofSeconds(1);
    private static final String STORE = "the vote store";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private record Known(Activity activity, Set<String> options, VoteKeys keys) {
    }

    private final Redis redis;
    private final Clock clock;
    private final Map<String, Known> activities = new LinkedHashMap<>();
    private final VoteScript script;
    private final TallyCache tallies;

    public Votes(Redis redis, List<Activity> activities, Clock clock) {
        this(redis, activities, clock, DEFAULT_TALLY_TTL);
    }

    /** @param tallyTtl how long a tally read from Redis is served from this process; zero to read every time */
    public Votes(Redis redis, List<Activity> activities, Clock clock, Duration tallyTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tallyTtl == null || tallyTtl.isNegative()) {
            throw new IllegalArgumentException("tallyTtl must be zero or more, got " + tallyTtl);
        }
        for (Activity activity : activities) {
            Known known = new Known(activity, Set.copyOf(activity.options()), new VoteKeys(redis, activity));
            if (this.activities.putIfAbsent(activity.id(), known) != null) {
                throw new IllegalArgumentException("two voting activities have the id " + activity.id());
            }
        }
        this.script = new VoteScript(redis);
        this.tallies = new TallyCache(redis, tallyTtl);
    }

    /** Votes judged by the system clock, with tallies cached for {@link #DEFAULT_TALLY_TTL}. */
    public static Votes of(Redis redis, List<Activity> activities) {
        return new Votes(redis, activities, Clock.systemUTC());
    }

    public List<Activity> activities() {
        return activities.values().stream().map(Known::activity).toList();
    }

    /**
     * Counts one vote by {@code user} for {@code option}. With an {@code idempotencyKey} (may be
     * null), a retry by the same user with the same key within 24 hours answers what the first
     * attempt answered and counts nothing; the activity must still be open.
     */
    public Promise<Ballot> vote(String activityId, String user, String option, String idempotencyKey) {
        return Promise.attempt(() -> {
            Known known = known(activityId);
            Activity activity = known.activity();
            Ids.check("user", user);
            Ids.check("option", option);
            if (!known.options().contains(option)) {
                throw Refusals.unknownOption(activity, option);
            }
            if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw Refusals.badIdempotencyKey();
            }
            Instant now = clock.instant();
            if (activity.statusAt(now) != Activity.Status.OPEN) {
                throw Refusals.notOpen(activity, now);
            }
            return RedisCall.of(STORE, script.vote(known.keys(), user, option, activity.votesPerUser(), idempotencyKey, now))
                    .then(reply -> switch (reply.outcome()) {
                        case SPENT -> throw Refusals.spent(activity, user, known.keys().resetsAt(now), now);
                        case REPLAYED -> {
                            if (!reply.option().equals(option)) {
                                throw Refusals.idempotencyKeyReused(reply.option(), option);
                            }
                            yield new Ballot(activity.id(), option, reply.tally(), reply.remaining());
                        }
                        case COUNTED -> new Ballot(activity.id(), option, reply.tally(), reply.remaining());
                    });
        });
    }

    /** The votes of every option, as cached (see the class comment); the status is as of now. */
    public Promise<Tally> tally(String activityId) {
        return Promise.attempt(() -> {
            Known known = known(activityId);
            return RedisCall.of(STORE, tallies.get(known.keys().tally()))
                    .then(counts -> tally(known.activity(), counts, clock.instant()));
        });
    }

    /**
     * How many votes {@code user} has used in the current period and has left, read fresh. The
     * window is not considered (a tally's status tells it); counts expire an hour after their
     * period, so about an hour after the activity has closed they read as unused.
     */
    public Promise<Allowance> allowance(String activityId, String user) {
        return Promise.attempt(() -> {
            Known known = known(activityId);
            Activity activity = known.activity();
            Ids.check("user", user);
            Instant now = clock.instant();
            return RedisCall.of(STORE, redis.commands().get(known.keys().used(user, now))).then(count -> {
                long used = count == null ? 0 : Long.parseLong(count);
                long remaining = Math.max(0, activity.votesPerUser() - used);
                return new Allowance(activity.id(), user, used, remaining, known.keys().resetsAt(now));
            });
        });
    }

    private Known known(String activityId) {
        Ids.check("activity", activityId);
        Known known = activities.get(activityId);
        if (known == null) {
            throw Refusals.unknownActivity(activityId);
        }
        return known;
    }

    private static Tally tally(Activity activity, Map<String, String> counts, Instant now) {
        List<Tally.Count> options = new ArrayList<>(activity.options().size());
        long total = 0;
        for (String option : activity.options()) {
            String count = counts.get(option);
            long votes = count == null ? 0 : Long.parseLong(count);
            options.add(new Tally.Count(option, votes));
            total += votes;
        }
        return new Tally(activity.id(), activity.statusAt(now), activity.start(), activity.end(), options, total);
    }
}
