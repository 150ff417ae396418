package io.shallot.platform.feedback.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.platform.feedback.FeedbackSettings;
import io.shallot.web.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The check of a submitted feedback body. Each mistake is a 400 naming the field and what it must
 * be; nothing is coerced. What passes comes back rebuilt, in a fixed field order, with numbers as
 * {@code long} or {@code double}: the form that is queued and that a retry's fingerprint is taken of.
 *
 * <p>{@code meta} keys become MongoDB field names, so a key may hold neither {@code .} nor a
 * leading {@code $} (which the database would read as a path or an operator).
 */
public final class FeedbackInput {
    public static final int MAX_CONTENT = 4000;
    public static final int MAX_CONTACT = 200;
    public static final int MAX_META_KEYS = 20;
    public static final int MAX_META_KEY = 64;
    public static final int MAX_META_TEXT = 256;
    private static final Set<String> FIELDS = Set.of("platform", "appVersion", "category", "content", "contact", "userId", "meta");
    private static final Pattern APP_VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private FeedbackInput() {
    }

    /** The checked body; {@code settings} name the platforms and categories allowed. */
    public static ObjectNode check(JsonNode body, FeedbackSettings settings) {
        if (body == null || !body.isObject()) {
            throw new HttpException(400, "the body must be a JSON object");
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new HttpException(400, "unknown field " + shortened(field)
                        + " (the body has platform, appVersion, category, content, contact, userId, meta)");
            }
        }
        ObjectNode checked = JsonNodeFactory.instance.objectNode();
        checked.put("platform", oneOf(body, "platform", settings.platforms()));
        checked.put("appVersion", matching(body, "appVersion", APP_VERSION, "1 to 4 dot-separated numbers, e.g. 3.2.1"));
        checked.put("category", oneOf(body, "category", settings.categories()));
        String content = text(body, "content");
        if (content == null || content.isBlank() || characters(content) > MAX_CONTENT) {
            throw new HttpException(400, "content is required: 1 to " + MAX_CONTENT + " characters, not blank");
        }
        checked.put("content", content);
        String contact = text(body, "contact");
        if (contact != null) {
            if (contact.isBlank() || characters(contact) > MAX_CONTACT) {
                throw new HttpException(400, "contact must be 1 to " + MAX_CONTACT + " characters, not blank");
            }
            checked.put("contact", contact);
        }
        if (present(body, "userId")) {
            checked.put("userId", matching(body, "userId", USER_ID, "1 to 128 of A-Z a-z 0-9 . _ : -"));
        }
        if (present(body, "meta")) {
            checked.set("meta", meta(body.get("meta")));
        }
        return checked;
    }

    /** {@code key} when it is a valid {@code Idempotency-Key} header, null when absent; else a 400. */
    public static String idempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new HttpException(400, "Idempotency-Key must be 1 to 128 visible ASCII characters");
        }
        return key;
    }

    /** A digest of the checked body: a retry under the same idempotency key must carry the same one. */
    public static String fingerprint(ObjectNode checked) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(checked.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ObjectNode meta(JsonNode meta) {
        if (!meta.isObject() || meta.size() > MAX_META_KEYS) {
            throw new HttpException(400, "meta must be an object of at most " + MAX_META_KEYS + " keys");
        }
        ObjectNode checked = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : meta.properties()) {
            String key = entry.getKey();
            if (!metaKey(key)) {
                throw new HttpException(400, "meta key " + shortened(key) + " must be 1 to " + MAX_META_KEY
                        + " characters, without '.' or a leading '$'");
            }
            JsonNode value = entry.getValue();
            if (value.isTextual() && characters(value.textValue()) <= MAX_META_TEXT) {
                checked.put(key, value.textValue());
            } else if (value.isBoolean()) {
                checked.put(key, value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                checked.put(key, value.longValue());
            } else if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                checked.put(key, value.doubleValue());
            } else {
                throw new HttpException(400, "meta." + key + " must be a string of at most " + MAX_META_TEXT
                        + " characters, a finite number or a boolean");
            }
        }
        return checked;
    }

    static boolean metaKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_META_KEY && !key.startsWith("$") && key.indexOf('.') < 0
                && key.indexOf('\0') < 0;
    }

    private static String oneOf(JsonNode body, String field, List<String> allowed) {
        String value = text(body, field);
        if (value == null || !allowed.contains(value)) {
            throw new HttpException(400, field + " is required, one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static String matching(JsonNode body, String field, Pattern pattern, String what) {
        String value = text(body, field);
        if (value == null || !pattern.matcher(value).matches()) {
            throw new HttpException(400, field + " must be " + what);
        }
        return value;
    }

    /** The string field, null when absent or null; a 400 when it is there but not a string. */
    private static String text(JsonNode body, String field) {
        if (!present(body, field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.isTextual()) {
            throw new HttpException(400, field + " must be a string");
        }
        return value.textValue();
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String shortened(String name) {
        return name.length() <= MAX_META_KEY ? name : name.substring(0, MAX_META_KEY) + "...";
    }
}
