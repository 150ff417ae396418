package io.shallot.gateway.shed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.shed.internal.Signals;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OverloadDetectorTest {
    private static final long MS = 1_000_000;
    private static final Signals CALM = new Signals(MS, 10, 0.2);

    private final OverloadDetector detector = new OverloadDetector(
            ShedSettings.defaults().withTiming(Duration.ofMillis(50), Duration.ofMillis(250), Duration.ofSeconds(2)),
            () -> Double.NaN);
    private long now;

    private void hold(Signals signals, long ms) {
        for (long t = 0; t < ms; t += 50) {
            detector.sample(now, signals);
            now += 50 * MS;
        }
    }

    private int[] shedPriorities() {
        return IntStream.rangeClosed(0, 3).filter(detector::sheds).toArray();
    }

    @Test
    void eachLevelShedsOneMorePriorityAndNeverTheCritical() {
        Signals delayed = new Signals(80 * MS, 10, Double.NaN);
        assertThat(shedPriorities()).isEmpty();
        hold(delayed, 300);
        assertThat(detector.level()).isEqualTo(1);
        assertThat(shedPriorities()).containsExactly(3);
        hold(delayed, 250);
        assertThat(shedPriorities()).containsExactly(2, 3);
        hold(delayed, 250);
        assertThat(shedPriorities()).containsExactly(1, 2, 3);
        hold(delayed, 10_000);
        assertThat(shedPriorities()).containsExactly(1, 2, 3);
    }

    @Test
    void inFlightRequestsAloneRaiseTheLevel() {
        hold(new Signals(MS, 6_000, 0.1), 300);
        assertThat(detector.level()).isEqualTo(1);
    }

    @Test
    void cpuAloneRaisesTheLevelAndAnUnknownCpuCountsAsCalm() {
        hold(new Signals(MS, 10, 0.99), 300);
        assertThat(detector.level()).isEqualTo(1);
        hold(new Signals(MS, 10, Double.NaN), 2_050);
        assertThat(detector.level()).isZero();
    }

    @Test
    void aCpuBetweenTheWatermarksHoldsTheLevel() {
        hold(new Signals(MS, 10, 0.99), 300);
        hold(new Signals(MS, 10, 0.9), 30_000);
        assertThat(detector.level()).isEqualTo(1);
    }

    @Test
    void afterTheLoadTheLevelComesDownStepByStep() {
        hold(new Signals(500 * MS, 10, Double.NaN), 1_000);
        assertThat(detector.level()).isEqualTo(3);
        hold(CALM, 2_050);
        assertThat(detector.level()).isEqualTo(2);
        hold(CALM, 4_000);
        assertThat(detector.level()).isZero();
    }

    @Test
    void theStatusShowsTheLastSampleAndItsLevel() {
        hold(new Signals(80 * MS, 42, 0.5), 300);
        assertThat(detector.status()).isEqualTo(new OverloadStatus(1, 80.0, 42, 0.5));
    }

    @Test
    void settingsBindFromConfigWithDefaultsForWhatIsLeftOut() {
        Config config = Config.of(Map.of("shedding", Map.of("delayHigh", "80ms", "coolDown", "5s", "cpuHigh", 1)));

        ShedSettings settings = config.view("shedding", ShedSettings.class);

        assertThat(settings.delayHigh()).isEqualTo(Duration.ofMillis(80));
        assertThat(settings.delayLow()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.coolDown()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.cpuHigh()).isEqualTo(1.0);
        assertThat(settings.retryAfterSeconds()).isEqualTo(2);
        assertThat(settings.raiseAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void watermarksTheWrongWayRoundAreAConfigError() {
        Config config = Config.of(Map.of("shedding", Map.of("delayHigh", "5ms")));
        assertThatThrownBy(() -> config.view("shedding", ShedSettings.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("delayLow (PT0.01S) must be below delayHigh (PT0.005S)");
        assertThatThrownBy(() -> Config.of(Map.of("shedding", Map.of("cpuHig", 0.5))).view("shedding", ShedSettings.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("shedding.cpuHig is not a known key");
    }
}
