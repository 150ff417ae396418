package io.shallot.platform.config.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.platform.config.ClientProfile;
import io.shallot.platform.config.ConfigPackage;
import io.shallot.platform.config.ConfigRule;
import io.shallot.platform.config.ResolvedConfig;
import io.shallot.web.HttpException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * What a client gets of a config: the enabled rules it matches, from least to most specific, then
 * by priority, then by when they last changed (then by id, so that equal rules still merge in one
 * order), their values merged in that order so the later wins.
 */
public final class Resolution {
    public static final Comparator<ConfigRule> PRECEDENCE = Comparator.comparingInt(ConfigRule::specificity)
            .thenComparingInt(ConfigRule::priority)
            .thenComparing(ConfigRule::updatedAt)
            .thenComparing(ConfigRule::id);

    private Resolution() {
    }

    public static ResolvedConfig resolve(String name, List<ConfigRule> rules, ClientProfile client) {
        List<ConfigRule> matched = rules.stream().filter(rule -> rule.matches(client)).sorted(PRECEDENCE).toList();
        if (matched.isEmpty()) {
            throw new HttpException(404, "no config " + name + " for this client");
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ConfigPackage filePackage = null;
        for (ConfigRule rule : matched) {
            Merge.apply(config, rule.value());
            if (rule.filePackage() != null) {
                filePackage = rule.filePackage();
            }
        }
        return new ResolvedConfig(name, etag(config.toString(), filePackage), config, filePackage,
                matched.stream().map(ConfigRule::id).toList());
    }

    /** A digest of exactly what the client is sent: the config's JSON and the package's identity. */
    private static String etag(String configJson, ConfigPackage filePackage) {
        MessageDigest sha256 = sha256();
        sha256.update(configJson.getBytes(StandardCharsets.UTF_8));
        if (filePackage != null) {
            sha256.update(("\n" + filePackage.sha256() + " " + filePackage.size() + " " + filePackage.contentType())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
