package io.shallot.platform.inbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A message as stored once under {@link InboxKeys#message}, whatever its recipients.
 *
 * @param tick      its time score ({@link Ticks}); sentAt is its milliseconds
 * @param expiresAt epoch milliseconds; the stored copy expires then, and lists skip it from then on
 * @param topic     the topic of a broadcast, or null for a direct message
 */
public record Message(String id, String category, String title, String body, String link, long tick, long expiresAt,
                      String topic) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String sentAt() {
        return Instant.ofEpochMilli(Ticks.millisOf(tick)).toString();
    }

    public String stored() {
        ObjectNode node = view();
        node.put("tick", tick);
        node.put("expiresAt", expiresAt);
        if (topic != null) {
            node.put("topic", topic);
        }
        return node.toString();
    }

    /** What a client is shown: id, category, title, body, link, sentAt. */
    public ObjectNode view() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("category", category);
        node.put("title", title);
        node.put("body", body);
        node.put("link", link);
        node.put("sentAt", sentAt());
        return node;
    }

    /** A stored message; null for null (gone) or for text this class did not write. */
    public static Message parse(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(stored);
            JsonNode link = node.get("link");
            JsonNode topic = node.get("topic");
            return new Message(node.get("id").textValue(), node.get("category").textValue(), node.get("title").textValue(),
                    node.get("body").textValue(), link == null || link.isNull() ? null : link.textValue(),
                    node.get("tick").longValue(), node.get("expiresAt").longValue(),
                    topic == null || topic.isNull() ? null : topic.textValue());
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
