package io.shallot.platform.inbox;

/**
 * A message that was sent.
 *
 * @param users how many users' inboxes it went to (each named user once); 0 for a broadcast
 * @param topic the topic it was broadcast to, or null for a direct message
 */
public record Sent(String id, int users, String topic) {
    /** What a client is told it went to: the number of users, or the topic. */
    public Object recipients() {
        return topic != null ? topic : users;
    }
}
