package io.shallot.gateway.limit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.Rate;
import io.shallot.gateway.Refusal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalGcraTest {
    private static final Rate TEN_PER_SECOND_BURST_3 = new Rate(10, Duration.ofSeconds(1), 3);

    private final AtomicLong now = new AtomicLong(1_000_000_000);
    private final LocalGcra gcra = new LocalGcra(now::get);

    private Decision api(String api, Rate rate) {
        return gcra.acquire(Ask.of("app", api, rate, null));
    }

    @Test
    void admitsTheBurstAtOnceThenOneRequestPerInterval() {
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api()).isEqualTo(new Quota(true, 3, 2, 100_000, 0));
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api()).isEqualTo(new Quota(true, 3, 1, 200_000, 0));
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api()).isEqualTo(new Quota(true, 3, 0, 300_000, 0));
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api()).isEqualTo(new Quota(false, 3, 0, 300_000, 100_000));

        now.addAndGet(99_999);
        assertThat(api("a", TEN_PER_SECOND_BURST_3).allowed()).isFalse();
        now.addAndGet(1);
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api()).isEqualTo(new Quota(true, 3, 0, 300_000, 0));
    }

    @Test
    void aLimitLeftAloneRefillsToItsBurstAndNoFurther() {
        for (int i = 0; i < 3; i++) {
            api("a", TEN_PER_SECOND_BURST_3);
        }
        now.addAndGet(10_000_000);
        assertThat(api("a", TEN_PER_SECOND_BURST_3).api().remaining()).isEqualTo(2);
    }

    @Test
    void underSustainedExcessItAdmitsTheBurstPlusOnePerElapsedInterval() {
        long start = now.get();
        long arrivalEvery = 7_000;
        int admitted = 0;
        long last = start;
        for (long t = start; t < start + 10_000_000; t += arrivalEvery) {
            now.set(t);
            last = t;
            if (api("a", TEN_PER_SECOND_BURST_3).allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(3 + (int) ((last - start) / 100_000));
    }

    @Test
    void aRefusalByOneLimitChargesNeither() {
        Rate onePerMinute = new Rate(1, Duration.ofMinutes(1), 1);
        Rate appWide = new Rate(10, Duration.ofMinutes(1), 10);

        assertThat(gcra.acquire(Ask.of("app", "a", onePerMinute, appWide)).app().remaining()).isEqualTo(9);
        Decision refused = gcra.acquire(Ask.of("app", "a", onePerMinute, appWide));
        Decision other = gcra.acquire(Ask.of("app", "b", null, appWide));

        assertThat(refused.refusal()).isEqualTo(Refusal.API_RATE_LIMITED);
        assertThat(refused.app().allowed()).isTrue();
        assertThat(other.app().remaining()).isEqualTo(8);
    }

    @Test
    void theAppLimitRefusesAcrossApis() {
        Rate appWide = new Rate(2, Duration.ofMinutes(1), 2);
        Rate perApi = new Rate(100, Duration.ofMinutes(1), 100);
        gcra.acquire(Ask.of("app", "a", perApi, appWide));
        gcra.acquire(Ask.of("app", "b", perApi, appWide));

        Decision third = gcra.acquire(Ask.of("app", "c", perApi, appWide));

        assertThat(third.refusal()).isEqualTo(Refusal.APP_RATE_LIMITED);
        assertThat(third.headers()).containsEntry("RateLimit-Limit", "2").containsEntry("RateLimit-Remaining", "0")
                .containsEntry("Retry-After", "30").containsEntry("RateLimit-Reset", "60");
    }

    @Test
    void appsDoNotShareLimits() {
        Rate one = new Rate(1, Duration.ofMinutes(1), 1);
        assertThat(gcra.acquire(Ask.of("first", "a", one, null)).allowed()).isTrue();
        assertThat(gcra.acquire(Ask.of("second", "a", one, null)).allowed()).isTrue();
        assertThat(gcra.acquire(Ask.of("first", "a", one, null)).allowed()).isFalse();
    }

    @Test
    void fullLimitsAreForgotten() {
        Rate fast = new Rate(1000, Duration.ofSeconds(1), 1);
        for (int i = 0; i < 4095; i++) {
            gcra.acquire(Ask.of("app" + i, "a", fast, null));
        }
        assertThat(gcra.size()).isEqualTo(4095);
        now.addAndGet(1_000);
        gcra.acquire(Ask.of("last", "a", fast, null));
        assertThat(gcra.size()).isEqualTo(1);
    }
}
