package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Rate;

/**
 * One request to account for: the app's limit on this API and its overall limit, each with the
 * name of the key that holds its state. A null rate is no limit.
 */
public record Ask(String apiKey, Rate api, String appKey, Rate app) {
    /**
     * The keys of {@code appid}'s limits. Both carry the appid as a Redis Cluster hash tag, so the
     * script that checks them together touches one slot.
     */
    public static Ask of(String appid, String apiId, Rate api, Rate app) {
        String base = "ratelimit:{" + appid + "}:";
        return new Ask(base + "api:" + apiId, api, base + "app", app);
    }

    public boolean unlimited() {
        return api == null && app == null;
    }
}
