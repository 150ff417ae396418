package io.shallot.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Send requests as the admin API takes them. */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    static ObjectNode direct(String category, String title, String... users) {
        ObjectNode to = JSON.createObjectNode();
        ArrayNode list = to.putArray("users");
        for (String user : users) {
            list.add(user);
        }
        return message(to, category, title);
    }

    static ObjectNode broadcast(String topic, String category, String title) {
        ObjectNode to = JSON.createObjectNode();
        to.put("topic", topic);
        return message(to, category, title);
    }

    private static ObjectNode message(JsonNode to, String category, String title) {
        ObjectNode message = JSON.createObjectNode();
        message.set("to", to);
        message.put("category", category);
        message.put("title", title);
        message.put("body", "about " + title);
        return message;
    }
}
