package io.shallot.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * A rate-limit plan an app subscribes to: a ceiling for the app overall and one per API
 * (with overrides for named APIs). Either ceiling may be null for "unlimited".
 */
public record Plan(String name, Rate app, Rate perApi, Map<String, Rate> apis) {
    public Plan {
        Objects.requireNonNull(name, "name");
        apis = apis == null ? Map.of() : Map.copyOf(apis);
    }

    /** The ceiling for one app on {@code api}, or null when unlimited. */
    public Rate forApi(String api) {
        return apis.getOrDefault(api, perApi);
    }
}
