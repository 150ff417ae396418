package io.shallot.platform.feedback;

import java.util.Map;

/**
 * How much feedback was stored in a period: in all, and by category and by platform. Every
 * category and platform of the settings is there, with 0 when none came; values no longer in the
 * settings, found in older feedback, follow them.
 */
public record Stats(long total, Map<String, Long> byCategory, Map<String, Long> byPlatform) {
}
