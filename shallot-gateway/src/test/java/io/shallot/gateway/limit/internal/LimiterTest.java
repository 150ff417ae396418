package io.shallot.gateway.limit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.Rate;
import io.shallot.gateway.TestRedis;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimiterTest {
    private static final Rate THREE_PER_MINUTE = new Rate(3, Duration.ofMinutes(1), 3);
    private static final Rate HUNDRED_PER_MINUTE = new Rate(100, Duration.ofMinutes(1), 100);

    private final TestRedis redis = new TestRedis();
    private final Loop loop = Loop.start();
    private final Limiter limiter = new Limiter(new RedisGcra(redis.redis), null,
            new Availability(redis.uri, "requests are refused", TimeUnit.SECONDS.toNanos(1), System::nanoTime),
            Duration.ofSeconds(5), Duration.ofSeconds(1));

    @AfterEach
    void close() {
        loop.shutdown().join();
        redis.close();
    }

    private List<Decision> inOneTurn(List<Ask> asks) throws Exception {
        CompletableFuture<List<Decision>> decided = new CompletableFuture<>();
        loop.execute(() -> Promise.all(asks.stream().map(ask -> limiter.acquire(loop, ask)).toList())
                .toCompletableFuture().whenComplete((decisions, error) -> {
                    if (error != null) {
                        decided.completeExceptionally(error);
                    } else {
                        decided.complete(new ArrayList<>(decisions));
                    }
                }));
        return decided.get(20, TimeUnit.SECONDS);
    }

    @Test
    void theAsksOfOneTurnAreDecidedByOneCallInArrivalOrder() throws Exception {
        Ask ask = Ask.of("a1", "contents", THREE_PER_MINUTE, HUNDRED_PER_MINUTE);

        List<Decision> decisions = inOneTurn(List.of(ask, ask, ask, ask, ask));

        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false, false);
        assertThat(decisions).extracting(d -> d.api().remaining()).containsExactly(2L, 1L, 0L, 0L, 0L);
        // one script call: every ask saw the same Redis clock, so the resets are exact multiples of 20 s
        assertThat(decisions).extracting(d -> d.api().resetMicros())
                .containsExactly(20_000_000L, 40_000_000L, 60_000_000L, 60_000_000L, 60_000_000L);
        assertThat(decisions).extracting(d -> d.api().retryMicros()).containsExactly(0L, 0L, 0L, 20_000_000L, 20_000_000L);
        // a refused ask charges neither limit
        assertThat(decisions).extracting(d -> d.app().remaining()).containsExactly(99L, 98L, 97L, 96L, 96L);
    }

    @Test
    void theAppsOfOneTurnAreLimitedApart() throws Exception {
        Ask first = Ask.of("a1", "contents", THREE_PER_MINUTE, null);
        Ask second = Ask.of("a2", "contents", THREE_PER_MINUTE, null);

        List<Decision> decisions = inOneTurn(List.of(first, second, first, second, first, second, first, second));

        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, true, true, true, false, false);
    }

    @Test
    void aTurnWithMoreAsksThanOneCallTakesIsSplitAndStaysInOrder() throws Exception {
        Ask ask = Ask.of("a1", "contents", null, HUNDRED_PER_MINUTE);
        int count = Batcher.MAX_ASKS + 6;

        List<Decision> decisions = inOneTurn(Collections.nCopies(count, ask));

        assertThat(decisions).allMatch(Decision::allowed);
        assertThat(decisions).extracting(d -> d.app().remaining())
                .containsExactlyElementsOf(LongStream.range(0, count).map(i -> 99 - i).boxed().toList());
    }

    @Test
    void asksOverDifferentLimitsOfOneAppInterleavedInOneTurnAreEachDecidedAsIfAlone() throws Exception {
        Rate twoPerMinute = new Rate(2, Duration.ofMinutes(1), 2);
        Ask contents = Ask.of("a1", "contents", THREE_PER_MINUTE, HUNDRED_PER_MINUTE);
        Ask users = Ask.of("a1", "users", twoPerMinute, HUNDRED_PER_MINUTE);
        Ask appOnly = Ask.of("a1", "open", null, HUNDRED_PER_MINUTE);
        Ask contentsNewPlan = Ask.of("a1", "contents", twoPerMinute, HUNDRED_PER_MINUTE);

        List<Decision> decisions = inOneTurn(List.of(contents, contents, users, users, users, appOnly, contents,
                contents, contentsNewPlan, appOnly));

        assertThat(decisions).extracting(Decision::allowed)
                .containsExactly(true, true, true, true, false, true, true, false, false, true);
        assertThat(decisions).extracting(d -> d.api() == null ? null : d.api().remaining())
                .containsExactly(2L, 1L, 1L, 0L, 0L, null, 0L, 0L, 0L, null);
        // the app's limit is charged by every allowed ask, in order, whatever its API (a refused ask
        // is told what it would have left)
        assertThat(decisions).extracting(d -> d.app().remaining())
                .containsExactly(99L, 98L, 97L, 96L, 95L, 95L, 94L, 93L, 93L, 93L);
    }
}
