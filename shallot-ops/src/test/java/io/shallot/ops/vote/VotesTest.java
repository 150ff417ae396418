package io.shallot.ops.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Votes} against a real Redis, with a clock the tests move. */
class VotesTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant START = NOW.minus(Duration.ofHours(1));
    private static final Instant END = NOW.plus(Duration.ofDays(10));
    private static final List<String> OPTIONS = List.of("red", "green", "blue");

    private TestRedis store;
    private MutableClock clock;

    @BeforeEach
    void start() {
        store = new TestRedis("ops");
        clock = new MutableClock(NOW);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    /** Votes whose tallies are read fresh every time, so what a test reads is what Redis holds. */
    private Votes votes(Activity... activities) {
        return new Votes(store.redis, List.of(activities), clock, Duration.ZERO);
    }

    private static Activity activity(String id, int votesPerUser) {
        return new Activity(id, OPTIONS, START, END, votesPerUser, false);
    }

    private static Ballot vote(Votes votes, String activity, String user, String option, String idempotencyKey) {
        return OnLoop.run(loop -> votes.vote(activity, user, option, idempotencyKey));
    }

    private static HttpException refused(Votes votes, String activity, String user, String option, String idempotencyKey) {
        Throwable error = OnLoop.failure(loop -> votes.vote(activity, user, option, idempotencyKey));
        assertThat(error).isInstanceOf(HttpException.class);
        return (HttpException) error;
    }

    private static Tally tally(Votes votes, String activity) {
        return OnLoop.run(loop -> votes.tally(activity));
    }

    private static Allowance allowance(Votes votes, String activity, String user) {
        return OnLoop.run(loop -> votes.allowance(activity, user));
    }

    private long pttl(String key) throws Exception {
        return store.redis.commands().pttl(store.redis.key(key)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void countsEachVoteAndWhatTheUserHasLeft() {
        Votes votes = votes(activity("song", 3));

        assertThat(vote(votes, "song", "alice", "red", null)).isEqualTo(new Ballot("song", "red", 1, 2));
        assertThat(vote(votes, "song", "bob", "red", null)).isEqualTo(new Ballot("song", "red", 2, 2));
        assertThat(vote(votes, "song", "alice", "green", null)).isEqualTo(new Ballot("song", "green", 1, 1));

        Tally tally = tally(votes, "song");
        assertThat(tally.options()).containsExactly(new Tally.Count("red", 2), new Tally.Count("green", 1),
                new Tally.Count("blue", 0));
        assertThat(tally.total()).isEqualTo(3);
        assertThat(tally.status()).isEqualTo(Activity.Status.OPEN);
        assertThat(tally.start()).isEqualTo(START);
        assertThat(tally.end()).isEqualTo(END);
        assertThat(allowance(votes, "song", "alice")).isEqualTo(new Allowance("song", "alice", 2, 1, null));
        assertThat(allowance(votes, "song", "carol")).isEqualTo(new Allowance("song", "carol", 0, 3, null));
    }

    @Test
    void refusesAVoteBeyondTheAllowanceAndCountsNothing() throws Exception {
        Votes votes = votes(activity("song", 2));
        vote(votes, "song", "alice", "red", null);
        vote(votes, "song", "alice", "blue", null);

        HttpException error = refused(votes, "song", "alice", "red", null);

        assertThat(error.status()).isEqualTo(429);
        assertThat(error.getMessage()).isEqualTo("alice has used all 2 votes in song");
        assertThat(tally(votes, "song").votes("red")).isEqualTo(1);
        assertThat(tally(votes, "song").total()).isEqualTo(2);
        assertThat(allowance(votes, "song", "alice")).isEqualTo(new Allowance("song", "alice", 2, 0, null));
        assertThat(store.redis.commands().get(store.redis.key("vote:{song}:used:alice")).get(5, TimeUnit.SECONDS))
                .isEqualTo("2");
        assertThat(vote(votes, "song", "bob", "red", null)).isEqualTo(new Ballot("song", "red", 2, 1));
    }

    @Test
    void givesAFreshAllowanceAtEachMidnightInTheActivityZone() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Instant lateEvening = Instant.parse("2026-11-28T15:30:00Z"); // 23:30 in Shanghai
        Instant midnight = Instant.parse("2026-11-28T16:00:00Z");
        clock.set(lateEvening);
        Votes votes = votes(new Activity("daily", OPTIONS, START, END, 1, true, shanghai));

        assertThat(vote(votes, "daily", "alice", "red", null)).isEqualTo(new Ballot("daily", "red", 1, 0));
        HttpException spent = refused(votes, "daily", "alice", "red", null);
        assertThat(spent.status()).isEqualTo(429);
        assertThat(spent.getMessage()).isEqualTo("alice has used all 1 vote for today in daily; more votes at " + midnight);
        assertThat(spent.headers()).containsEntry("Retry-After", "1800");
        assertThat(allowance(votes, "daily", "alice")).isEqualTo(new Allowance("daily", "alice", 1, 0, midnight));

        clock.set(midnight);
        assertThat(allowance(votes, "daily", "alice"))
                .isEqualTo(new Allowance("daily", "alice", 0, 1, midnight.plus(Duration.ofDays(1))));
        assertThat(vote(votes, "daily", "alice", "red", null)).isEqualTo(new Ballot("daily", "red", 2, 0));
        assertThat(refused(votes, "daily", "alice", "green", null).status()).isEqualTo(429);
        assertThat(tally(votes, "daily").total()).isEqualTo(2);
    }

    @Test
    void saysSoWhenTheLastDayEndsWithTheActivity() {
        Instant end = Instant.parse("2026-11-29T00:00:00Z");
        clock.set(end.minus(Duration.ofHours(2)));
        Votes votes = votes(new Activity("daily", OPTIONS, START, end, 1, true));
        vote(votes, "daily", "alice", "red", null);

        HttpException spent = refused(votes, "daily", "alice", "red", null);

        assertThat(spent.getMessage()).isEqualTo("alice has used all 1 vote for today in daily, and it closes before the next day begins");
        assertThat(spent.headers()).doesNotContainKey("Retry-After");
        assertThat(allowance(votes, "daily", "alice").resets()).isNull();
    }

    @Test
    void refusesVotesBeforeTheStartAndFromTheEndOn() {
        Instant start = NOW.plus(Duration.ofHours(1));
        Instant end = start.plus(Duration.ofDays(1));
        Votes votes = votes(new Activity("later", OPTIONS, start, end, 5, false));

        HttpException early = refused(votes, "later", "alice", "red", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.getMessage()).isEqualTo("voting in later opens at 2026-11-28T11:00:00Z");
        clock.set(start.minusMillis(1));
        assertThat(refused(votes, "later", "alice", "red", null).status()).isEqualTo(409);
        assertThat(tally(votes, "later").status()).isEqualTo(Activity.Status.UPCOMING);

        clock.set(start);
        assertThat(vote(votes, "later", "alice", "red", null).tally()).isEqualTo(1);

        clock.set(end);
        HttpException late = refused(votes, "later", "alice", "red", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.getMessage()).isEqualTo("voting in later closed at 2026-11-29T11:00:00Z");
        clock.set(end.plus(Duration.ofDays(3)));
        assertThat(refused(votes, "later", "alice", "red", null).status()).isEqualTo(409);

        Tally tally = tally(votes, "later");
        assertThat(tally.status()).isEqualTo(Activity.Status.CLOSED);
        assertThat(tally.total()).isEqualTo(1);
    }

    @Test
    void refusesUnknownActivitiesUnknownOptionsAndMalformedIdsWritingNothing() throws Exception {
        Votes votes = votes(activity("song", 3));

        assertThat(refused(votes, "nope", "alice", "red", null).status()).isEqualTo(404);
        assertThat(refused(votes, "nope", "alice", "red", null).getMessage()).isEqualTo("no voting activity nope");
        assertThat(OnLoop.failure(loop -> votes.tally("nope"))).isInstanceOf(HttpException.class)
                .extracting(e -> ((HttpException) e).status()).isEqualTo(404);
        assertThat(OnLoop.failure(loop -> votes.allowance("nope", "alice"))).isInstanceOf(HttpException.class)
                .extracting(e -> ((HttpException) e).status()).isEqualTo(404);

        HttpException purple = refused(votes, "song", "alice", "purple", null);
        assertThat(purple.status()).isEqualTo(400);
        assertThat(purple.getMessage()).isEqualTo("activity song has no option purple");

        String longKey = "k".repeat(129);
        for (String[] bad : new String[][] {
                {"so ng", "alice", "red", null}, {"*", "alice", "red", null}, {null, "alice", "red", null},
                {"song", "al:ice", "red", null}, {"song", "*", "red", null}, {"song", "", "red", null},
                {"song", null, "red", null}, {"song", "u".repeat(65), "red", null},
                {"song", "alice", "re d", null}, {"song", "alice", null, null},
                {"song", "alice", "red", ""}, {"song", "alice", "red", "a b"}, {"song", "alice", "red", longKey}}) {
            HttpException error = refused(votes, bad[0], bad[1], bad[2], bad[3]);
            assertThat(error.status()).as("status for %s", String.join(",", String.valueOf(bad[0]),
                    String.valueOf(bad[1]), String.valueOf(bad[2]), String.valueOf(bad[3]))).isEqualTo(400);
        }
        assertThat(refused(votes, "song", "al:ice", "red", null).getMessage()).contains("user");
        assertThat(refused(votes, "song", "alice", "red", "a b").getMessage()).contains("Idempotency-Key");
        assertThat(OnLoop.failure(loop -> votes.allowance("song", "al:ice"))).isInstanceOf(HttpException.class)
                .extracting(e -> ((HttpException) e).status()).isEqualTo(400);

        assertThat(store.keys()).isEmpty();
        assertThat(tally(votes, "song").total()).isZero();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameAndCountsOnce() {
        Votes votes = votes(activity("song", 3));

        Ballot first = vote(votes, "song", "alice", "red", "req-1:a");
        Ballot retry = vote(votes, "song", "alice", "red", "req-1:a");
        Ballot other = vote(votes, "song", "alice", "red", "req-2");
        Ballot retryAfterOther = vote(votes, "song", "alice", "red", "req-1:a");

        assertThat(first).isEqualTo(new Ballot("song", "red", 1, 2));
        assertThat(retry).isEqualTo(first);
        assertThat(other).isEqualTo(new Ballot("song", "red", 2, 1));
        assertThat(retryAfterOther).isEqualTo(first);
        HttpException reused = refused(votes, "song", "alice", "green", "req-1:a");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.getMessage()).contains("Idempotency-Key").contains("red").contains("green");
        assertThat(vote(votes, "song", "bob", "red", "req-1:a")).as("keys are per user").isEqualTo(new Ballot("song", "red", 3, 2));
        assertThat(tally(votes, "song").votes("red")).isEqualTo(3);
        assertThat(tally(votes, "song").votes("green")).isZero();
        assertThat(allowance(votes, "song", "alice").used()).isEqualTo(2);
    }

    @Test
    void aRetryOfAVoteThatUsedTheLastAllowanceIsStillAnswered() {
        Votes votes = votes(activity("song", 1));

        Ballot first = vote(votes, "song", "alice", "red", "only");

        assertThat(vote(votes, "song", "alice", "red", "only")).isEqualTo(first);
        assertThat(refused(votes, "song", "alice", "red", "another").status()).isEqualTo(429);
        assertThat(tally(votes, "song").votes("red")).isEqualTo(1);
    }

    @Test
    void everyKeyAVoteWritesExpires() throws Exception {
        Instant evening = Instant.parse("2026-11-28T21:00:00Z");
        clock.set(evening);
        Votes votes = votes(new Activity("daily", OPTIONS, START, END, 2, true), activity("whole", 2));

        vote(votes, "daily", "alice", "red", "k1");
        vote(votes, "whole", "alice", "red", null);

        assertThat(store.keys()).containsExactly("vote:{daily}:idem:alice:k1", "vote:{daily}:tally",
                "vote:{daily}:used:2026-11-28:alice", "vote:{whole}:tally", "vote:{whole}:used:alice");
        long slack = Duration.ofMinutes(1).toMillis();
        long untilMidnightAndMargin = Duration.ofHours(3 + 1).toMillis();
        assertThat(pttl("vote:{daily}:used:2026-11-28:alice")).isBetween(untilMidnightAndMargin - slack, untilMidnightAndMargin);
        long idempotency = Duration.ofHours(24).toMillis();
        assertThat(pttl("vote:{daily}:idem:alice:k1")).isBetween(idempotency - slack, idempotency);
        long untilEndAndMargin = Duration.between(evening, END.plus(Duration.ofHours(1))).toMillis();
        assertThat(pttl("vote:{whole}:used:alice")).isBetween(untilEndAndMargin - slack, untilEndAndMargin);
        long resultsKept = Duration.between(evening, END.plus(Duration.ofDays(30))).toMillis();
        assertThat(pttl("vote:{daily}:tally")).isBetween(resultsKept - slack, resultsKept);
        assertThat(pttl("vote:{whole}:tally")).isBetween(resultsKept - slack, resultsKept);
    }

    @Test
    void aTallyIsServedFromTheCacheUntilItsTimeToLiveHasPassed() {
        Activity song = activity("song", 100);
        Votes voter = votes(song);
        Votes cachingForever = new Votes(store.redis, List.of(song), clock, Duration.ofHours(1));
        Votes cachingBriefly = new Votes(store.redis, List.of(song), clock, Duration.ofMillis(200));

        assertThat(tally(cachingForever, "song").total()).isZero();
        assertThat(tally(cachingBriefly, "song").total()).isZero();
        vote(voter, "song", "alice", "red", null);

        assertThat(tally(voter, "song").total()).as("read fresh with no time-to-live").isEqualTo(1);
        assertThat(tally(cachingForever, "song").total()).as("served from the cache").isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> tally(cachingBriefly, "song").total() == 1);
        assertThat(tally(cachingForever, "song").total()).as("still served from the cache").isZero();
    }
}
