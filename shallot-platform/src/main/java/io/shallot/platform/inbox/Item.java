package io.shallot.platform.inbox;

/**
 * A message as a user's list shows it.
 *
 * @param link   null when the message has none
 * @param sentAt an ISO-8601 instant
 */
public record Item(String id, String category, String title, String body, String link, String sentAt, boolean read) {
}
