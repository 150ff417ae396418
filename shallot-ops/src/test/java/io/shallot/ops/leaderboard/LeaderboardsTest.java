package io.shallot.ops.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lettuce.core.RedisCommandTimeoutException;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaderboardsTest {
    private static final Instant NOON = Instant.parse("2026-11-28T12:00:00Z");
    private final TestRedis store = new TestRedis("ops");
    private final MutableClock clock = new MutableClock(NOON);

    @AfterEach
    void close() {
        store.close();
    }

    private Leaderboards boards(Board... boards) {
        return new Leaderboards(store.redis, List.of(boards), clock, Duration.ZERO);
    }

    private static <T> T on(Function<Loop, Promise<T>> script) {
        return OnLoop.run(script);
    }

    private static List<Entry> entries(Function<Loop, Promise<List<Entry>>> script) {
        return OnLoop.run(script);
    }

    private static HttpException refusal(Function<Loop, Promise<?>> script) {
        Throwable error = OnLoop.failure(script);
        assertThat(error).isInstanceOf(HttpException.class);
        return (HttpException) error;
    }

    @Test
    void aBestBoardKeepsEachMembersHighestScoreAndRanksTiesTogether() {
        Leaderboards lb = boards(Board.of("runs", Mode.BEST));
        on(loop -> lb.submit("runs", "ann", 50)
                .compose(s -> lb.submit("runs", "bob", 80))
                .compose(s -> lb.submit("runs", "cid", 80))
                .compose(s -> lb.submit("runs", "dan", 20)));

        Submission lower = on(loop -> lb.submit("runs", "ann", 10));
        assertThat(lower).isEqualTo(new Submission("runs", "all", "ann", 50, 3, false));
        Submission higher = on(loop -> lb.submit("runs", "dan", 60));
        assertThat(higher).isEqualTo(new Submission("runs", "all", "dan", 60, 3, true));

        List<Entry> top = on(loop -> lb.top("runs", null, 10));
        assertThat(top).extracting(Entry::rank, Entry::score).containsExactly(
                tuple(1L, 80L), tuple(1L, 80L),
                tuple(3L, 60L), tuple(4L, 50L));
        assertThat(top.subList(0, 2)).extracting(Entry::member).containsExactlyInAnyOrder("bob", "cid");
        assertThat(entries(loop -> lb.top("runs", null, 1))).hasSize(1);
    }

    @Test
    void aSumBoardAddsEveryScoreAndRefusesATotalItCannotHoldExactly() throws Exception {
        Leaderboards lb = boards(Board.of("points", Mode.SUM));
        on(loop -> lb.submit("points", "ann", 5).compose(s -> lb.submit("points", "ann", 7)));
        Submission third = on(loop -> lb.submit("points", "ann", -2));
        assertThat(third.score()).isEqualTo(10);
        assertThat(third.improved()).isTrue();

        on(loop -> lb.submit("points", "big", Leaderboards.MAX_SCORE - 1));
        HttpException overflow = refusal(loop -> lb.submit("points", "big", 2));
        assertThat(overflow.status()).isEqualTo(409);
        assertThat(overflow.getMessage()).contains("would exceed").contains("stays " + (Leaderboards.MAX_SCORE - 1));
        Standing big = on(loop -> lb.standing("points", null, "big", 0));
        assertThat(big.score()).isEqualTo(Leaderboards.MAX_SCORE - 1);

        assertThat(refusal(loop -> lb.submit("points", "ann", Leaderboards.MAX_SCORE + 1)).status()).isEqualTo(400);
        assertThat(store.keys()).containsExactly("lb:points:all");
    }

    @Test
    void aStandingShowsTheEntriesAroundTheMemberWithTheirRanks() {
        Leaderboards lb = boards(Board.of("runs", Mode.BEST));
        long[] scores = {100, 90, 90, 90, 70, 60, 50};
        on(loop -> {
            Promise<Submission> chain = Promise.resolve(loop, null);
            for (int i = 0; i < scores.length; i++) {
                int n = i;
                chain = chain.compose(s -> lb.submit("runs", "m" + n, scores[n]));
            }
            return chain;
        });

        Standing middle = on(loop -> lb.standing("runs", null, "m4", 2));
        assertThat(middle.rank()).isEqualTo(5);
        assertThat(middle.score()).isEqualTo(70);
        assertThat(middle.around()).extracting(Entry::rank).containsExactly(2L, 2L, 5L, 6L, 7L);
        assertThat(middle.around()).extracting(Entry::score).containsExactly(90L, 90L, 70L, 60L, 50L);

        Standing first = on(loop -> lb.standing("runs", null, "m0", 2));
        assertThat(first.around()).extracting(Entry::rank).containsExactly(1L, 2L, 2L);
        Standing tied = on(loop -> lb.standing("runs", null, "m3", 0));
        assertThat(tied.rank()).isEqualTo(2);
        assertThat(tied.around()).extracting(Entry::member).containsExactly("m3");

        HttpException absent = refusal(loop -> lb.standing("runs", null, "nobody", 2));
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.getMessage()).isEqualTo("nobody has no entry on runs for all");
    }

    @Test
    void aBoardKeepsOnlyItsTopEntries() {
        Leaderboards lb = boards(Board.of("runs", Mode.BEST).withKeep(3));
        on(loop -> lb.submit("runs", "a", 40).compose(s -> lb.submit("runs", "b", 30)).compose(s -> lb.submit("runs", "c", 20)));

        Submission pushedOut = on(loop -> lb.submit("runs", "low", 10));
        assertThat(pushedOut.ranked()).isFalse();
        Submission pushesOut = on(loop -> lb.submit("runs", "d", 35));
        assertThat(pushesOut.rank()).isEqualTo(2);

        assertThat(entries(loop -> lb.top("runs", null, 10))).extracting(Entry::member).containsExactly("a", "d", "b");
        assertThat(refusal(loop -> lb.standing("runs", null, "c", 1)).status()).isEqualTo(404);
    }

    @Test
    void aDailyBoardStartsEmptyEachDayAndKeepsFinishedDaysForItsRetention() throws Exception {
        Leaderboards lb = boards(Board.of("daily", Mode.SUM).withPeriod(Period.DAILY).withRetention(Duration.ofDays(2)));
        Submission today = on(loop -> lb.submit("daily", "ann", 3));
        assertThat(today.period()).isEqualTo("2026-11-28");
        long ttl = store.redis.commands().pttl(store.redis.key("lb:daily:2026-11-28")).get(5, TimeUnit.SECONDS);
        assertThat(ttl).as("midnight plus two days, from noon").isBetween(Duration.ofHours(59).toMillis(), Duration.ofHours(60).toMillis());

        clock.advance(Duration.ofDays(1));
        assertThat(entries(loop -> lb.top("daily", null, 10))).isEmpty();
        assertThat(on(loop -> lb.submit("daily", "ann", 4)).score()).isEqualTo(4);
        assertThat(entries(loop -> lb.top("daily", "2026-11-28", 10))).containsExactly(new Entry(1, "ann", 3));
        assertThat(on(loop -> lb.standing("daily", "2026-11-28", "ann", 0)).score()).isEqualTo(3);

        clock.advance(Duration.ofDays(2));
        HttpException gone = refusal(loop -> lb.top("daily", "2026-11-28", 10));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.getMessage()).contains("is gone");
        HttpException future = refusal(loop -> lb.top("daily", "2026-12-30", 10));
        assertThat(future.status()).isEqualTo(404);
        assertThat(future.getMessage()).contains("no period 2026-12-30 yet");
        for (String bad : List.of("2026-W48", "2026-02-30", "yesterday", "all")) {
            assertThat(refusal(loop -> lb.top("daily", bad, 10)).status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void weeklyAndMonthlyPeriodsFollowIsoWeeksAndMonthsInTheBoardsZone() {
        Board weekly = Board.of("w", Mode.BEST).withPeriod(Period.WEEKLY).withZone(ZoneId.of("Asia/Shanghai"));
        Leaderboards lb = boards(weekly, Board.of("m", Mode.BEST).withPeriod(Period.MONTHLY));
        clock.set(Instant.parse("2026-11-29T16:30:00Z"));
        assertThat(lb.currentPeriod(weekly)).isEqualTo("2026-W49");
        clock.set(Instant.parse("2026-11-29T15:30:00Z"));
        assertThat(lb.currentPeriod(weekly)).isEqualTo("2026-W48");
        assertThat(Period.WEEKLY.startOf("2026-W49", weekly.zone())).isEqualTo(Instant.parse("2026-11-29T16:00:00Z"));
        assertThat(Period.WEEKLY.startOf("2021-W01", ZoneOffset.UTC)).isEqualTo(Instant.parse("2021-01-04T00:00:00Z"));
        assertThat(lb.currentPeriod(lb.board("m"))).isEqualTo("2026-11");
        assertThat(Period.MONTHLY.endOf("2026-12", ZoneOffset.UTC)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        HttpException noWeek = refusal(loop -> lb.top("w", "2025-W53", 10));
        assertThat(noWeek.status()).isEqualTo(400);
        assertThat(noWeek.getMessage()).contains("no ISO week 53");
    }

    @Test
    void badNamesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Leaderboards lb = boards(Board.of("runs", Mode.BEST));
        assertThat(refusal(loop -> lb.submit("nope", "ann", 1)).status()).isEqualTo(404);
        for (String member : List.of("", "a b", "a:b", "*", "x".repeat(65))) {
            assertThat(refusal(loop -> lb.submit("runs", member, 1)).status()).as(member).isEqualTo(400);
        }
        assertThat(refusal(loop -> lb.top("runs", null, 0)).status()).isEqualTo(400);
        assertThat(refusal(loop -> lb.top("runs", null, 101)).status()).isEqualTo(400);
        assertThat(refusal(loop -> lb.standing("runs", null, "ann", 26)).status()).isEqualTo(400);
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void theTopIsCachedForItsTtlWhileAStandingIsReadFresh() {
        Leaderboards cached = new Leaderboards(store.redis, List.of(Board.of("runs", Mode.BEST)), clock, Duration.ofHours(1));
        on(loop -> cached.submit("runs", "ann", 1));
        assertThat(entries(loop -> cached.top("runs", null, 10))).containsExactly(new Entry(1, "ann", 1));
        on(loop -> cached.submit("runs", "bob", 2));
        assertThat(entries(loop -> cached.top("runs", null, 10))).containsExactly(new Entry(1, "ann", 1));
        assertThat(on(loop -> cached.standing("runs", null, "bob", 1)).around())
                .containsExactly(new Entry(1, "bob", 2), new Entry(2, "ann", 1));
        assertThat(entries(loop -> boards(Board.of("runs", Mode.BEST)).top("runs", null, 10))).hasSize(2);
    }

    @Test
    void concurrentSubmissionsFromManyLoopsLoseNothing() throws Exception {
        Leaderboards lb = boards(Board.of("points", Mode.SUM));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> on(loop -> {
                List<Promise<Submission>> all = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    all.add(lb.submit("points", "ann", 1));
                }
                return Promise.all(all);
            })));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(on(loop -> lb.standing("points", null, "ann", 0)).score()).isEqualTo(1000);
    }

    @Test
    void aStoreThatCannotAnswerIsA503ThatNamesNoInternals() throws Exception {
        // a server of its own, paused: pausing a shared one would stall everybody else's tests
        try (Redis paused = Redis.start(RedisSettings.defaults().withTimeout(Duration.ofMillis(300)))) {
            Leaderboards lb = new Leaderboards(paused, List.of(Board.of("runs", Mode.BEST)), clock, Duration.ZERO);
            paused.commands().clientPause(3_000).get(5, TimeUnit.SECONDS);
            HttpException down = refusal(loop -> lb.submit("runs", "ann", 1));
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.getMessage()).isEqualTo("the leaderboard store is unavailable; try again");
            assertThat(down.getCause()).isInstanceOf(RedisCommandTimeoutException.class);
        }
    }
}
