package io.shallot.platform.diagnostics;

import io.shallot.platform.diagnostics.internal.Checks;
import java.time.Instant;

/**
 * Which reports a metric is analysed over; every part may be null for "any".
 *
 * @param platform   only reports from this platform
 * @param appVersion only reports from this exact app version
 * @param since      only reports received at or after this instant
 * @param until      only reports received before this instant; after {@code since}
 * @throws io.shallot.web.HttpException 400 naming the part that is wrong
 */
public record MetricQuery(String platform, String appVersion, Instant since, Instant until) {
    public static final MetricQuery ALL = new MetricQuery(null, null, null, null);

    public MetricQuery {
        if (platform != null) {
            Checks.platform("platform", platform);
        }
        if (appVersion != null) {
            Checks.appVersion("appVersion", appVersion);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw Checks.bad("since must be before until");
        }
    }
}
