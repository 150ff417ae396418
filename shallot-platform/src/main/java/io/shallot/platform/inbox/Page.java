package io.shallot.platform.inbox;

import java.util.List;

/**
 * A page of a user's messages, newest first.
 *
 * @param next the cursor of the next (older) page, for {@code before}; null when there is none
 */
public record Page(List<Item> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
