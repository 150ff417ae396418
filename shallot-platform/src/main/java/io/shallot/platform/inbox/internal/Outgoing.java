package io.shallot.platform.inbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.platform.inbox.InboxSettings;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message to send, read from its JSON and checked field by field (each mistake a 400 naming the
 * field) before anything is written.
 *
 * @param users the recipients of a direct message, each once, in the order given; null for a broadcast
 * @param topic the topic of a broadcast; null for a direct message
 */
public record Outgoing(List<String> users, String topic, String category, String title, String body, String link,
                       int ttlDays) {
    public static final int MAX_TITLE = 120;
    public static final int MAX_BODY = 2000;
    public static final int MAX_LINK = 512;
    public static final int DEFAULT_TTL_DAYS = 30;
    public static final int MAX_TTL_DAYS = 90;
    private static final Set<String> FIELDS = Set.of("to", "category", "title", "body", "link", "ttlDays");
    private static final Pattern WEB_LINK = Pattern.compile("https?://[^\\s/?#]+[^\\s]*");
    private static final Pattern APP_LINK = Pattern.compile("([a-z][a-z0-9+.-]*):[^\\s]+");
    /** Schemes a client would run or read locally rather than open: never a message's link. */
    private static final Set<String> UNSAFE_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "blob", "about");

    public static Outgoing parse(JsonNode json, InboxSettings settings) {
        if (json == null || !json.isObject()) {
            throw new HttpException(400, "the body must be a JSON object");
        }
        for (String field : (Iterable<String>) json::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field " + field + " (the body has " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode to = json.get("to");
        if (to == null || !to.isObject() || to.size() != 1 || !(to.has("users") || to.has("topic"))) {
            throw new HttpException(400, "to must be {\"users\": [...]} or {\"topic\": \"...\"}");
        }
        List<String> users = to.has("users") ? users(to.get("users"), settings.maxRecipients()) : null;
        String topic = users == null ? Checks.topic(to.get("topic").textValue(), settings.allTopics()) : null;
        String category = Checks.category(Inputs.text(json, "category"), settings.categories());
        String title = Inputs.text(json, "title", MAX_TITLE);
        String body = Inputs.text(json, "body");
        if (body.length() > MAX_BODY) {
            throw new HttpException(400, "body must be at most " + MAX_BODY + " characters");
        }
        String link = link(Inputs.optionalText(json, "link", MAX_LINK));
        return new Outgoing(users, topic, category, title, body, link, ttlDays(json.get("ttlDays")));
    }

    private static List<String> users(JsonNode node, int max) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > max) {
            throw new HttpException(400, "to.users must be a list of 1 to " + max + " uids");
        }
        Set<String> users = new LinkedHashSet<>();
        for (JsonNode user : node) {
            if (!user.isTextual()) {
                throw new HttpException(400, "to.users must hold uids, as strings");
            }
            try {
                users.add(Checks.uid(user.textValue()));
            } catch (HttpException e) {
                throw new HttpException(400, "to.users: " + e.getMessage());
            }
        }
        return new ArrayList<>(users);
    }

    private static String link(String link) {
        if (link == null) {
            return null;
        }
        var scheme = APP_LINK.matcher(link);
        boolean allowed = scheme.matches() && switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "http", "https" -> WEB_LINK.matcher(link).matches();
            default -> !UNSAFE_SCHEMES.contains(scheme.group(1));
        };
        if (!allowed) {
            throw new HttpException(400, "link must be an http(s) URL or an app link (scheme:...), without spaces;"
                    + " javascript:, data:, vbscript:, file:, blob: and about: are refused");
        }
        return link;
    }

    private static int ttlDays(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TTL_DAYS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_TTL_DAYS) {
            throw new HttpException(400, "ttlDays must be an integer from 1 to " + MAX_TTL_DAYS);
        }
        return node.intValue();
    }
}
