package io.shallot.platform.diagnostics;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of {@link Diagnostics}: start from {@link #defaults()} and copy with {@code withX}.
 *
 * @param maxLogBytes     the largest log file an app may upload (default 8 MiB); a larger one is a 413
 * @param pullTtl         how long a pull waits for its upload (default 7 days); then it is expired (410)
 * @param maxSpan         the longest time range one pull may ask for (default 7 days)
 * @param reportRetention how long debug reports and uploaded logs are kept (default 30 days)
 * @param maxMetrics      the most metrics in one report (default 50)
 * @param maxEvents       the most events in one report (default 100)
 * @param sample          how many of the newest matching reports a metric's percentiles are computed
 *                        over (default 50,000), which bounds the work and memory of one analysis
 */
public record DiagnosticsSettings(int maxLogBytes, Duration pullTtl, Duration maxSpan, Duration reportRetention,
        int maxMetrics, int maxEvents, int sample) {

    public DiagnosticsSettings {
        Objects.requireNonNull(pullTtl, "pullTtl");
        Objects.requireNonNull(maxSpan, "maxSpan");
        Objects.requireNonNull(reportRetention, "reportRetention");
        if (maxLogBytes < 1) {
            throw new IllegalArgumentException("maxLogBytes must be positive, got " + maxLogBytes);
        }
        if (!positive(pullTtl) || !positive(maxSpan) || !positive(reportRetention)) {
            throw new IllegalArgumentException("pullTtl, maxSpan and reportRetention must be positive, got "
                    + pullTtl + ", " + maxSpan + ", " + reportRetention);
        }
        if (maxMetrics < 0 || maxEvents < 0 || sample < 1) {
            throw new IllegalArgumentException("maxMetrics and maxEvents must be zero or more and sample positive, got "
                    + maxMetrics + ", " + maxEvents + ", " + sample);
        }
    }

    public static DiagnosticsSettings defaults() {
        return new DiagnosticsSettings(8 * 1024 * 1024, Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(30),
                50, 100, 50_000);
    }

    public DiagnosticsSettings withMaxLogBytes(int maxLogBytes) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withPullTtl(Duration pullTtl) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withMaxSpan(Duration maxSpan) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withReportRetention(Duration reportRetention) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withMaxMetrics(int maxMetrics) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withMaxEvents(int maxEvents) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    public DiagnosticsSettings withSample(int sample) {
        return new DiagnosticsSettings(maxLogBytes, pullTtl, maxSpan, reportRetention, maxMetrics, maxEvents, sample);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
