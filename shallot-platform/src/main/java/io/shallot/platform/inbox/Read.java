package io.shallot.platform.inbox;

import java.util.List;

/** Which messages {@link Inbox#markRead} marks read. */
public sealed interface Read {
    /** These messages, direct or broadcast (1 to {@value Inbox#MAX_READ_IDS} ids). */
    record Ids(List<String> ids) implements Read {
        public Ids {
            ids = List.copyOf(ids);
        }
    }

    /** Every message of a category. */
    record Category(String category) implements Read {
    }

    /** Every message. */
    record All() implements Read {
    }

    static Read ids(List<String> ids) {
        return new Ids(ids);
    }

    static Read category(String category) {
        return new Category(category);
    }

    static Read all() {
        return new All();
    }
}
