package io.shallot.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one client gets of a config.
 *
 * @param etag        lower-case hex SHA-256 of the merged config and the package: it changes exactly
 *                    when the client's answer changes (the HTTP {@code ETag} is it in quotes)
 * @param config      the matching rules' values merged, a JSON object
 * @param filePackage the package of the last matching rule that has one, or null
 * @param ruleIds     the matching rules in merge order, the winner last
 */
public record ResolvedConfig(String name, String etag, JsonNode config, ConfigPackage filePackage, List<String> ruleIds) {

    public ResolvedConfig {
        ruleIds = List.copyOf(ruleIds);
    }
}
