package io.shallot.ops.vote;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.loop.Settled;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Votes sent all at once from several loops on several threads, as several processes' loops would
 * send them: the allowance holds and no vote is lost, however they interleave.
 */
class ConcurrentVotesTest {
    private static final int LOOPS = 4;
    private static final int VOTES_PER_LOOP = 50;

    private TestRedis store;
    private Votes votes;

    @BeforeEach
    void start() {
        store = new TestRedis("ops");
        Instant now = Instant.now();
        Activity few = new Activity("few", List.of("red", "green"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)), 3, false);
        Activity many = new Activity("many", List.of("red", "green"), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)), 1, false);
        votes = new Votes(store.redis, List.of(few, many), Clock.systemUTC(), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void oneUsersConcurrentVotesCountNoMoreThanTheAllowance() throws Exception {
        List<Settled<Ballot>> outcomes = sendAtOnce(i -> votes.vote("few", "alice", i % 2 == 0 ? "red" : "green", null));

        List<Ballot> counted = outcomes.stream().filter(outcome -> outcome.fulfilled()).map(Settled::value).toList();
        List<Throwable> refused = outcomes.stream().filter(outcome -> !outcome.fulfilled()).map(Settled::reason).toList();
        assertThat(counted).hasSize(3);
        assertThat(counted).extracting(Ballot::remaining).containsExactlyInAnyOrder(2L, 1L, 0L);
        assertThat(refused).hasSize(LOOPS * VOTES_PER_LOOP - 3)
                .allSatisfy(error -> assertThat(error).isInstanceOf(HttpException.class)
                        .extracting(e -> ((HttpException) e).status()).isEqualTo(429));
        Tally tally = OnLoop.run(loop -> votes.tally("few"));
        assertThat(tally.total()).isEqualTo(3);
        assertThat(OnLoop.run(loop -> votes.allowance("few", "alice")).used()).isEqualTo(3);
    }

    @Test
    void concurrentVotesOfManyUsersAreAllCounted() throws Exception {
        List<Settled<Ballot>> outcomes = sendAtOnce(i -> votes.vote("many", "user-" + i, i % 3 == 0 ? "red" : "green", null));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.fulfilled()).as("%s", outcome.reason()).isTrue());
        int voters = LOOPS * VOTES_PER_LOOP;
        long red = (voters + 2) / 3;
        Tally tally = OnLoop.run(loop -> votes.tally("many"));
        assertThat(tally.votes("red")).isEqualTo(red);
        assertThat(tally.votes("green")).isEqualTo(voters - red);
        assertThat(outcomes).as("each vote saw its option's tally one higher than another vote did")
                .extracting(outcome -> outcome.value().option() + " " + outcome.value().tally())
                .doesNotHaveDuplicates().hasSize(voters);
    }

    /**
     * Sends {@value #VOTES_PER_LOOP} votes from each of {@value #LOOPS} loops, each on its own
     * thread, released together; vote {@code i} (0 to LOOPS x VOTES_PER_LOOP - 1) is {@code vote.apply(i)}.
     */
    private static List<Settled<Ballot>> sendAtOnce(IntFunction<Promise<Ballot>> vote) throws Exception {
        CountDownLatch ready = new CountDownLatch(LOOPS);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(LOOPS);
        try {
            List<Future<List<Settled<Ballot>>>> loops = new ArrayList<>();
            for (int l = 0; l < LOOPS; l++) {
                int first = l * VOTES_PER_LOOP;
                loops.add(threads.submit(() -> OnLoop.run(loop -> {
                    ready.countDown();
                    awaitQuietly(go);
                    List<Promise<Ballot>> sent = new ArrayList<>();
                    for (int i = first; i < first + VOTES_PER_LOOP; i++) {
                        sent.add(vote.apply(i));
                    }
                    return Promise.allSettled(sent);
                })));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("every loop started").isTrue();
            go.countDown();
            List<Settled<Ballot>> outcomes = new ArrayList<>();
            for (Future<List<Settled<Ballot>>> loop : loops) {
                outcomes.addAll(loop.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the votes were never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
