package io.shallot.platform.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.platform.config.ConfigPackage;
import io.shallot.platform.config.ConfigRule;
import io.shallot.platform.config.Rollout;
import io.shallot.platform.config.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.bson.Document;

/**
 * A rule as a document of {@code config_rules}: {@code _id} (the rule id), {@code name},
 * the conditions (versions as text, sets as arrays, {@code rollout} as {@code {basisPoints, salt}}
 * or null, the salt always written out), {@code priority}, {@code enabled},
 * {@code value} (the JSON text, so that any key, {@code $} and {@code .} included, and any number
 * round-trip exactly), {@code package} ({@code {sha256, size, contentType}} or absent),
 * {@code revision} and {@code updatedAt} (epoch milliseconds).
 */
public final class RuleDocs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleDocs() {
    }

    /** The fields an operator's body sets, for an insert or a {@code $set}. */
    public static Document fields(RuleBody body) {
        return new Document("minVersion", text(body.minVersion()))
                .append("maxVersion", text(body.maxVersion()))
                .append("devices", new ArrayList<>(body.devices()))
                .append("regions", new ArrayList<>(body.regions()))
                .append("languages", new ArrayList<>(body.languages()))
                .append("rollout", rolloutDoc(body.rollout()))
                .append("priority", body.priority())
                .append("enabled", body.enabled())
                .append("value", body.valueJson());
    }

    public static Document packageDoc(ConfigPackage filePackage) {
        return new Document("sha256", filePackage.sha256()).append("size", filePackage.size())
                .append("contentType", filePackage.contentType());
    }

    public static ConfigRule rule(Document doc) {
        Document pkg = doc.get("package", Document.class);
        Document rollout = doc.get("rollout", Document.class);
        return new ConfigRule(doc.getString("_id"), doc.getString("name"),
                version(doc.getString("minVersion")), version(doc.getString("maxVersion")),
                new LinkedHashSet<>(strings(doc, "devices")), new LinkedHashSet<>(strings(doc, "regions")),
                new LinkedHashSet<>(strings(doc, "languages")),
                rollout == null ? null : new Rollout(rollout.getInteger("basisPoints"), rollout.getString("salt")),
                doc.getInteger("priority"), doc.getBoolean("enabled"), json(doc.getString("value")),
                pkg == null ? null : new ConfigPackage(pkg.getString("sha256"), ((Number) pkg.get("size")).longValue(),
                        pkg.getString("contentType")),
                ((Number) doc.get("revision")).longValue(), Instant.ofEpochMilli(((Number) doc.get("updatedAt")).longValue()));
    }

    private static List<String> strings(Document doc, String field) {
        List<String> values = doc.getList(field, String.class);
        return values == null ? List.of() : values;
    }

    private static Document rolloutDoc(Rollout rollout) {
        return rollout == null ? null : new Document("basisPoints", rollout.basisPoints()).append("salt", rollout.salt());
    }

    private static String text(Version version) {
        return version == null ? null : version.toString();
    }

    private static Version version(String text) {
        return text == null ? null : Version.parse(text);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored rule value is not JSON", e);
        }
    }
}
