package io.shallot.platform.feedback.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bson.Document;

/**
 * Queue entries and the documents they become. An entry has three fields: {@code id} (the feedback
 * id), {@code at} (when it was submitted, epoch ms) and {@code doc} (the checked body as JSON). An
 * entry is decoded afresh by whichever worker reads it, trusting nothing: a malformed one is a
 * {@link Poison} with the reason, to be set aside rather than retried forever.
 */
public final class Entries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] REQUIRED = {"platform", "appVersion", "category", "content"};
    private static final String[] OPTIONAL = {"contact", "userId"};

    private Entries() {
    }

    /** An entry that cannot become a document. */
    public static final class Poison extends Exception {
        private static final long serialVersionUID = 1L;

        Poison(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The fields of the entry for {@code checked} (see {@link FeedbackInput#check}), as XADD's arguments. */
    public static String[] fields(String id, Instant at, ObjectNode checked) {
        return new String[] {"id", id, "at", Long.toString(at.toEpochMilli()), "doc", checked.toString()};
    }

    /** The document to store for an entry's fields, its {@code _id} the feedback id. */
    public static Document document(Map<String, String> fields) throws Poison {
        if (fields == null || fields.isEmpty()) {
            throw new Poison("the entry has no fields (deleted before it was stored?)");
        }
        String id = fields.get("id");
        if (!FeedbackIds.valid(id)) {
            throw new Poison("id is missing or not a feedback id");
        }
        long at;
        try {
            at = Long.parseLong(String.valueOf(fields.get("at")));
        } catch (NumberFormatException e) {
            throw new Poison("at is missing or not epoch milliseconds");
        }
        JsonNode doc = parse(fields.get("doc"));
        Document document = new Document("_id", id);
        for (String field : REQUIRED) {
            JsonNode value = doc.get(field);
            if (value == null || !value.isTextual()) {
                throw new Poison("doc." + field + " is missing or not a string");
            }
            document.append(field, value.textValue());
        }
        for (String field : OPTIONAL) {
            JsonNode value = doc.get(field);
            if (value != null && !value.isTextual()) {
                throw new Poison("doc." + field + " is not a string");
            }
            if (value != null) {
                document.append(field, value.textValue());
            }
        }
        if (doc.has("meta")) {
            document.append("meta", meta(doc.get("meta")));
        }
        return document.append("createdAt", new Date(at));
    }

    private static JsonNode parse(String doc) throws Poison {
        if (doc == null) {
            throw new Poison("doc is missing");
        }
        try {
            JsonNode json = JSON.readTree(doc);
            if (json == null || !json.isObject()) {
                throw new Poison("doc is not a JSON object");
            }
            return json;
        } catch (JacksonException e) {
            throw new Poison("doc is not JSON");
        }
    }

    private static Document meta(JsonNode meta) throws Poison {
        if (!meta.isObject()) {
            throw new Poison("doc.meta is not an object");
        }
        Document document = new Document();
        for (Map.Entry<String, JsonNode> entry : meta.properties()) {
            JsonNode value = entry.getValue();
            if (!FeedbackInput.metaKey(entry.getKey())) {
                throw new Poison("doc.meta has a key MongoDB cannot store");
            }
            Object scalar;
            if (value.isTextual()) {
                scalar = value.textValue();
            } else if (value.isBoolean()) {
                scalar = value.booleanValue();
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                scalar = value.longValue();
            } else if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                scalar = value.doubleValue();
            } else {
                throw new Poison("doc.meta." + entry.getKey() + " is not a string, number or boolean");
            }
            document.append(entry.getKey(), scalar);
        }
        return document;
    }
}
