package io.shallot.gateway.limit.internal;

import io.shallot.gateway.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of checking both limits of an {@link Ask}: the request is admitted only when every
 * limit admits it, and then both were charged; otherwise neither was.
 *
 * @param api the per-app-per-API limit, or null when that is unlimited
 * @param app the per-app limit, or null when that is unlimited
 */
public record Decision(Quota api, Quota app) {

    public boolean allowed() {
        return (api == null || api.allowed()) && (app == null || app.allowed());
    }

    /** Why the request was refused: the limit that makes the client wait longest. Null when allowed. */
    public Refusal refusal() {
        if (allowed()) {
            return null;
        }
        return binding() == api ? Refusal.API_RATE_LIMITED : Refusal.APP_RATE_LIMITED;
    }

    /**
     * The limit the headers describe: when refused, the one that makes the client wait longest;
     * when allowed, the tighter one (fewer remaining, then the later reset).
     */
    public Quota binding() {
        if (api == null || app == null) {
            return api == null ? app : api;
        }
        if (!allowed()) {
            if (api.allowed() != app.allowed()) {
                return api.allowed() ? app : api;
            }
            return api.retryMicros() >= app.retryMicros() ? api : app;
        }
        if (api.remaining() != app.remaining()) {
            return api.remaining() < app.remaining() ? api : app;
        }
        return api.resetMicros() >= app.resetMicros() ? api : app;
    }

    /**
     * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds) of
     * the binding limit, after draft-ietf-httpapi-ratelimit-headers, and {@code Retry-After}
     * (seconds, rounded up) when refused.
     */
    public Map<String, String> headers() {
        Quota quota = binding();
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("RateLimit-Limit", Long.toString(quota.limit()));
        headers.put("RateLimit-Remaining", Long.toString(quota.remaining()));
        headers.put("RateLimit-Reset", Long.toString(quota.resetSeconds()));
        if (!allowed()) {
            headers.put("Retry-After", Long.toString(quota.retrySeconds()));
        }
        return headers;
    }
}
