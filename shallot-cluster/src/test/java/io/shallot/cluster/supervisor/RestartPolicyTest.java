package io.shallot.cluster.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.supervisor.RestartPolicy.Decision;
import io.shallot.cluster.supervisor.RestartPolicy.Exit;
import io.shallot.cluster.supervisor.RestartPolicy.History;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static RestartPolicy policy(int maxRestarts, long minUptime, long delay, long backoff, Set<Integer> stopCodes) {
        return new RestartPolicy(new AppSpec.Restart(true, maxRestarts, minUptime, delay, backoff, stopCodes));
    }

    private static final RestartPolicy DEFAULTS = new RestartPolicy(AppSpec.Restart.defaults());

    @Test
    void restartsACrashImmediatelyByDefault() {
        Decision d = DEFAULTS.decide(new Exit(1, 5000, false), History.fresh());
        assertThat(d).isInstanceOf(Decision.Restart.class);
        assertThat(((Decision.Restart) d).delayMs()).isZero();
        assertThat(d.history().restarts()).isEqualTo(1);
        assertThat(d.history().unstableRestarts()).isZero();
    }

    @Test
    void waitsRestartDelay() {
        Decision d = policy(16, 1000, 2500, 0, Set.of()).decide(new Exit(1, 5000, false), History.fresh());
        assertThat(((Decision.Restart) d).delayMs()).isEqualTo(2500);
    }

    @Test
    void neverRestartsAnExitItAskedFor() {
        assertThat(DEFAULTS.decide(new Exit(143, 10, true), History.fresh())).isInstanceOf(Decision.Stop.class);
    }

    @Test
    void stopsOnAStopExitCode() {
        Decision d = policy(16, 1000, 0, 0, Set.of(0, 42)).decide(new Exit(42, 5000, false), History.fresh());
        assertThat(d).isInstanceOf(Decision.Stop.class);
        assertThat(((Decision.Stop) d).reason()).contains("stop_exit_codes");
    }

    @Test
    void stopsWhenAutorestartIsOff() {
        RestartPolicy p = new RestartPolicy(new AppSpec.Restart(false, 16, 1000, 0, 0, Set.of()));
        assertThat(p.decide(new Exit(1, 5000, false), History.fresh())).isInstanceOf(Decision.Stop.class);
    }

    @Test
    void countsExitsBeforeMinUptimeAndErrorsPastMaxRestarts() {
        RestartPolicy p = policy(3, 1000, 0, 0, Set.of());
        History h = History.fresh();
        for (int i = 1; i <= 3; i++) {
            Decision d = p.decide(new Exit(1, 200, false), h);
            assertThat(d).isInstanceOf(Decision.Restart.class);
            h = d.history();
            assertThat(h.unstableRestarts()).isEqualTo(i);
        }
        Decision last = p.decide(new Exit(1, 200, false), h);
        assertThat(last).isInstanceOf(Decision.Errored.class);
        assertThat(((Decision.Errored) last).reason()).contains("3 unstable restarts", "min_uptime 1000 ms", "max_restarts is 3");
        assertThat(last.history().restarts()).isEqualTo(3);
    }

    @Test
    void aRunPastMinUptimeResetsTheUnstableCount() {
        RestartPolicy p = policy(3, 1000, 0, 0, Set.of());
        Decision d = p.decide(new Exit(1, 1000, false), new History(7, 3, 0));
        assertThat(d).isInstanceOf(Decision.Restart.class);
        assertThat(d.history()).isEqualTo(new History(8, 0, 0));
    }

    @Test
    void maxRestartsZeroGivesUpOnTheFirstUnstableExit() {
        assertThat(policy(0, 1000, 0, 0, Set.of()).decide(new Exit(1, 10, false), History.fresh()))
                .isInstanceOf(Decision.Errored.class);
    }

    @Test
    void backOffGrowsByHalfUpToFifteenSeconds() {
        RestartPolicy p = policy(1000, 0, 999, 100, Set.of());
        History h = History.fresh();
        long[] expected = {100, 150, 225, 338, 507, 761, 1142, 1713, 2570, 3855, 5783, 8675, 13_013, 15_000, 15_000};
        for (long want : expected) {
            Decision.Restart r = (Decision.Restart) p.decide(new Exit(1, 2000, false), h);
            assertThat(r.delayMs()).isEqualTo(want);
            h = r.history();
        }
    }

    @Test
    void backOffStartsOverAfterThirtySecondsOfStableUptime() {
        RestartPolicy p = policy(16, 1000, 0, 100, Set.of());
        Decision.Restart r = (Decision.Restart) p.decide(new Exit(1, 30_000, false), new History(5, 0, 5000));
        assertThat(r.delayMs()).isEqualTo(100);
    }
}
