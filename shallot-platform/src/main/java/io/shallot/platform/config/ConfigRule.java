package io.shallot.platform.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.platform.config.internal.Attributes;
import java.time.Instant;
import java.util.Set;

/**
 * One rule of a config: when a client matches all its conditions, its {@code value} (a JSON object)
 * is merged into what the client gets. A condition left out (null version bound, empty set) matches
 * any client; one that is set matches only a client that states that attribute:
 * {@code minVersion} inclusive, {@code maxVersion} exclusive, the device and region among those
 * listed, the language covered by one listed at a subtag boundary ({@code zh} covers {@code zh-CN}
 * and {@code zh-Hant-TW}; {@code zh-Hant} covers {@code zh-Hant-TW}, not {@code zh-CN}).
 *
 * <p>A {@code rollout} narrows the rule further to a share of the clients that match it otherwise,
 * chosen by their subject (see {@link Rollout}): the usual gray release is a base rule and, over
 * it, a rule with the new value and a rollout raised step by step from a few percent to 100.
 *
 * @param rollout     the share of matching clients the rule reaches, or null for all of them
 * @param revision    1 when created, one more on every change
 * @param filePackage the rule's file package, or null
 */
public record ConfigRule(String id, String name, Version minVersion, Version maxVersion, Set<String> devices,
                         Set<String> regions, Set<String> languages, Rollout rollout, int priority, boolean enabled, JsonNode value,
                         ConfigPackage filePackage, long revision, Instant updatedAt) {

    public ConfigRule {
        devices = Set.copyOf(devices);
        regions = Set.copyOf(regions);
        languages = Set.copyOf(languages);
    }

    /**
     * How many of version, device, region, language and rollout the rule constrains, 0 to 5: more
     * specific rules win, so a rule with a rollout overrides the same rule without one.
     */
    public int specificity() {
        return (minVersion != null || maxVersion != null ? 1 : 0) + (devices.isEmpty() ? 0 : 1)
                + (regions.isEmpty() ? 0 : 1) + (languages.isEmpty() ? 0 : 1) + (rollout == null ? 0 : 1);
    }

    /** Whether the rule is enabled, every condition holds for {@code client} and its rollout reaches it. */
    public boolean matches(ClientProfile client) {
        return enabled && versionMatches(client.version())
                && (devices.isEmpty() || client.device() != null && devices.contains(client.device()))
                && (regions.isEmpty() || client.region() != null && regions.contains(client.region()))
                && (languages.isEmpty() || client.language() != null
                        && languages.stream().anyMatch(language -> Attributes.languageCovers(language, client.language())))
                && (rollout == null || rollout.admits(client.subject()));
    }

    private boolean versionMatches(Version version) {
        if (minVersion == null && maxVersion == null) {
            return true;
        }
        return version != null && (minVersion == null || version.compareTo(minVersion) >= 0)
                && (maxVersion == null || version.compareTo(maxVersion) < 0);
    }
}
