package io.shallot.platform.inbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an app shows on its icons: unread messages (direct and broadcast) by category and in all,
 * and the red dots lit (the dots set and every ancestor of one), sorted.
 *
 * @param categories every configured category, in the settings' order, with its unread count
 */
public record Badges(long total, Map<String, Long> categories, List<String> dots) {
    public Badges {
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        dots = List.copyOf(dots);
    }
}
