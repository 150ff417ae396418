package io.shallot.platform.feedback;

import java.util.List;

/** A page of stored feedback, newest first; {@code next} is the cursor of the following page, null after the last. */
public record Page(List<Item> items, String next) {
}
