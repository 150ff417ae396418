package io.shallot.platform.diagnostics.internal;

import io.shallot.platform.diagnostics.MetricSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nearest-rank percentiles of a metric's samples, overall and per app version. */
public final class Percentiles {
    /** Versions by their numbers, {@code 1.10} after {@code 1.9}; a shorter prefix first. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int order = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (order != 0) {
                return order;
            }
        }
        return x.length != y.length ? Integer.compare(x.length, y.length) : a.compareTo(b);
    };

    /** One sample: a report's value and its app version. */
    public record Sample(double value, String appVersion) {
    }

    private Percentiles() {
    }

    public static MetricSummary summarize(String metric, List<Sample> samples) {
        if (samples.isEmpty()) {
            return new MetricSummary(metric, 0, null, null, null, null, null, Map.of());
        }
        Map<String, List<Double>> byVersion = new HashMap<>();
        double[] all = new double[samples.size()];
        for (int i = 0; i < all.length; i++) {
            Sample sample = samples.get(i);
            all[i] = sample.value();
            byVersion.computeIfAbsent(sample.appVersion(), v -> new ArrayList<>()).add(sample.value());
        }
        Arrays.sort(all);
        Map<String, MetricSummary.Version> versions = new LinkedHashMap<>();
        byVersion.keySet().stream().sorted(VERSION_ORDER).forEach(version -> {
            double[] values = byVersion.get(version).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            versions.put(version, new MetricSummary.Version(values.length, rank(values, 50), rank(values, 90), rank(values, 99)));
        });
        return new MetricSummary(metric, all.length, all[0], rank(all, 50), rank(all, 90), rank(all, 99), all[all.length - 1],
                versions);
    }

    /** The p-th percentile of sorted, non-empty values: the value at 1-based rank ⌈p·n/100⌉. */
    static double rank(double[] sorted, int p) {
        long n = sorted.length;
        int rank = (int) Math.max(1, (p * n + 99) / 100);
        return sorted[rank - 1];
    }
}
