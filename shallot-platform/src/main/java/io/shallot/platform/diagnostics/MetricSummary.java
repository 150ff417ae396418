package io.shallot.platform.diagnostics;

import java.util.Map;

/**
 * The distribution of one metric over a sample of reports. Percentiles are nearest-rank: the
 * p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉ (1-based), always one of the
 * values reported, never an interpolation. With no matching report the count is 0 and every
 * statistic is null.
 *
 * @param metric       the metric's name
 * @param count        how many reports carried it (at most the settings' {@code sample}, the newest)
 * @param byAppVersion the same per app version, ordered by version number
 */
public record MetricSummary(String metric, long count, Double min, Double p50, Double p90, Double p99, Double max,
        Map<String, Version> byAppVersion) {

    /** One app version's share of the sample. */
    public record Version(long count, double p50, double p90, double p99) {
    }
}
