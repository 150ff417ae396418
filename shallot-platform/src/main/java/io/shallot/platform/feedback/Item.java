package io.shallot.platform.feedback;

import java.time.Instant;
import java.util.Map;

/** One stored feedback, as the admin reads it; {@code contact}, {@code userId} and {@code meta} may be null. */
public record Item(String id, String platform, String appVersion, String category, String content, String contact,
                   String userId, Map<String, Object> meta, Instant createdAt) {
}
