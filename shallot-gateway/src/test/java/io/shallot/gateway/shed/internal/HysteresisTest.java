package io.shallot.gateway.shed.internal;

import static io.shallot.gateway.shed.internal.Pressure.HIGH;
import static io.shallot.gateway.shed.internal.Pressure.LOW;
import static io.shallot.gateway.shed.internal.Pressure.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HysteresisTest {
    private static final long MS = 1_000_000;

    private final Hysteresis hysteresis = new Hysteresis(250 * MS, 2_000 * MS);
    private long now = 123_456 * MS;

    /** Feeds one sample every 50 ms for {@code ms} and answers the level after the last one. */
    private int hold(Pressure pressure, long ms) {
        int level = hysteresis.level();
        for (long t = 0; t < ms; t += 50) {
            level = hysteresis.update(now, pressure);
            now += 50 * MS;
        }
        return level;
    }

    @Test
    void sustainedPressureClimbsOneLevelPerRaisePeriodUpToThree() {
        assertThat(hold(HIGH, 250)).isZero();
        assertThat(hold(HIGH, 50)).isEqualTo(1);
        assertThat(hold(HIGH, 200)).isEqualTo(1);
        assertThat(hold(HIGH, 50)).isEqualTo(2);
        assertThat(hold(HIGH, 250)).isEqualTo(3);
        assertThat(hold(HIGH, 5_000)).isEqualTo(3);
    }

    @Test
    void pressureShorterThanTheRaisePeriodChangesNothing() {
        for (int i = 0; i < 20; i++) {
            hold(HIGH, 200);
            hold(NORMAL, 50);
        }
        assertThat(hysteresis.level()).isZero();
    }

    @Test
    void calmLowersOneLevelPerCoolDown() {
        hold(HIGH, 1_000);
        assertThat(hysteresis.level()).isEqualTo(3);

        assertThat(hold(LOW, 2_000)).isEqualTo(3);
        assertThat(hold(LOW, 50)).isEqualTo(2);
        assertThat(hold(LOW, 2_000)).isEqualTo(1);
        assertThat(hold(LOW, 2_000)).isZero();
        assertThat(hold(LOW, 10_000)).isZero();
    }

    @Test
    void betweenTheWatermarksTheLevelHoldsAndTheCoolDownStartsOver() {
        hold(HIGH, 300);
        assertThat(hysteresis.level()).isEqualTo(1);

        assertThat(hold(NORMAL, 60_000)).isEqualTo(1);
        hold(LOW, 1_900);
        hold(NORMAL, 50);
        assertThat(hold(LOW, 1_900)).isEqualTo(1);
        assertThat(hold(LOW, 200)).isZero();
    }

    @Test
    void aShortLullInsideAnOverloadDoesNotLowerTheLevel() {
        hold(HIGH, 600);
        assertThat(hysteresis.level()).isEqualTo(2);
        for (int i = 0; i < 10; i++) {
            hold(LOW, 1_000);
            hold(HIGH, 100);
        }
        assertThat(hysteresis.level()).isEqualTo(2);
    }

    @Test
    void zeroPeriodsReactToEverySample() {
        Hysteresis eager = new Hysteresis(0, 0);
        assertThat(eager.update(0, HIGH)).isEqualTo(1);
        assertThat(eager.update(1, HIGH)).isEqualTo(2);
        assertThat(eager.update(2, LOW)).isEqualTo(1);
        assertThat(eager.update(3, NORMAL)).isEqualTo(1);
    }
}
