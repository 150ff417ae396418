package io.shallot.platform.feedback;

import java.time.Instant;

/**
 * Which stored feedback to list, newest first. Null fields are no condition.
 *
 * @param category only this category (one of the settings')
 * @param platform only this platform (one of the settings')
 * @param since    submitted at or after
 * @param until    submitted before
 * @param before   the cursor: only feedback older than this id (a page's {@code next})
 * @param limit    at most this many, 1 to {@value Feedback#MAX_LIMIT}
 */
public record Filter(String category, String platform, Instant since, Instant until, String before, int limit) {
    /** Everything, {@value Feedback#DEFAULT_LIMIT} at a time. */
    public static Filter all() {
        return new Filter(null, null, null, null, null, Feedback.DEFAULT_LIMIT);
    }

    public Filter withCategory(String category) {
        return new Filter(category, platform, since, until, before, limit);
    }

    public Filter withPlatform(String platform) {
        return new Filter(category, platform, since, until, before, limit);
    }

    public Filter withPeriod(Instant since, Instant until) {
        return new Filter(category, platform, since, until, before, limit);
    }

    public Filter withBefore(String before) {
        return new Filter(category, platform, since, until, before, limit);
    }

    public Filter withLimit(int limit) {
        return new Filter(category, platform, since, until, before, limit);
    }
}
