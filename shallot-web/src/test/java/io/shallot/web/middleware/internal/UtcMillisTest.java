package io.shallot.web.middleware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtcMillisTest {
    private final UtcMillis clock = new UtcMillis();

    private String text(String instant) {
        return clock.append(new StringBuilder(), Instant.parse(instant).toEpochMilli()).toString();
    }

    @Test
    void printsIsoUtcToTheMillisecondAcrossSecondsAndDays() {
        assertThat(text("2026-11-27T00:01:02.123Z")).isEqualTo("2026-11-27T00:01:02.123Z");
        assertThat(text("2026-11-27T00:01:02.007Z")).isEqualTo("2026-11-27T00:01:02.007Z");
        assertThat(text("2026-11-27T23:59:59.999Z")).isEqualTo("2026-11-27T23:59:59.999Z");
        assertThat(text("2026-11-28T00:00:00.000Z")).isEqualTo("2026-11-28T00:00:00.000Z");
        assertThat(text("1969-12-31T23:59:59.950Z")).isEqualTo("1969-12-31T23:59:59.950Z");
    }

    @Test
    void aMonotonicReadingPrintsTheWallClockOfItsMoment() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            long before = System.currentTimeMillis();
            long printed = Instant.parse(clock.appendNanoTime(new StringBuilder(), System.nanoTime()).toString()).toEpochMilli();
            long after = System.currentTimeMillis();
            assertThat(printed).isBetween(before - 1, after + 1);
            Thread.sleep(600);
        }
    }

    @Test
    void aReadingFromBeforeTheLastSyncIsPrintedAsEarlierNotAsNow() {
        long earlier = System.nanoTime() - 5_000_000_000L;
        long expected = System.currentTimeMillis() - 5_000;
        clock.appendNanoTime(new StringBuilder(), System.nanoTime());
        long printed = Instant.parse(clock.appendNanoTime(new StringBuilder(), earlier).toString()).toEpochMilli();
        assertThat(printed).isBetween(expected - 50, expected + 50);
    }
}
