package io.shallot.platform.diagnostics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.platform.diagnostics.MetricSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankPicksTheValueAtTheCeilingRank() {
        double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
        assertThat(Percentiles.rank(hundred, 50)).isEqualTo(50);
        assertThat(Percentiles.rank(hundred, 90)).isEqualTo(90);
        assertThat(Percentiles.rank(hundred, 99)).isEqualTo(99);
        double[] one = {42};
        assertThat(Percentiles.rank(one, 50)).isEqualTo(42);
        assertThat(Percentiles.rank(one, 99)).isEqualTo(42);
        double[] four = {10, 20, 30, 40};
        assertThat(Percentiles.rank(four, 50)).isEqualTo(20);
        assertThat(Percentiles.rank(four, 90)).isEqualTo(40);
    }

    @Test
    void versionsAreOrderedByTheirNumbers() {
        List<Percentiles.Sample> samples = new ArrayList<>();
        for (String version : List.of("1.10", "1.9", "2", "1.9.1", "1.9.0")) {
            samples.add(new Percentiles.Sample(1, version));
        }
        MetricSummary summary = Percentiles.summarize("m", samples);
        assertThat(summary.byAppVersion().keySet()).containsExactly("1.9", "1.9.0", "1.9.1", "1.10", "2");
    }

    @Test
    void noSamplesGiveNulls() {
        MetricSummary summary = Percentiles.summarize("m", List.of());
        assertThat(summary.count()).isZero();
        assertThat(summary.p50()).isNull();
        assertThat(summary.byAppVersion()).isEmpty();
    }
}
