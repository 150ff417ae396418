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
}
