package io.shallot.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a user's event stream ({@link Inbox#events}) hears.
 *
 * @param message the new message (id, category, title, body, link, sentAt) for {@link Kind#MESSAGE}; else null
 */
public record InboxEvent(Kind kind, JsonNode message) {
    public enum Kind {
        /** A message arrived; the badges changed too. */
        MESSAGE,
        /** The badges may have changed (read, deleted, dots, follows, or events may have been missed): read them again. */
        BADGES,
        /** The inbox closed: no more events will come. */
        CLOSED
    }
}
