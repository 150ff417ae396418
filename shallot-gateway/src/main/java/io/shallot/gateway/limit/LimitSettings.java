package io.shallot.gateway.limit;

import io.shallot.gateway.Plan;
import io.shallot.gateway.Rate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * How the gateway limits request rates; bind it strictly with
 * {@code config.view("limits", LimitSettings.class)}:
 * <pre>{@code
 * limits:
 *   failMode: open
 *   plans:
 *     default: {app: {limit: 100, period: 1s}}
 *     gold:
 *       app: {limit: 1000, period: 1s, burst: 200}
 *       perApi: {limit: 300, period: 1s}
 *       apis:
 *         contents.read: {limit: 600, period: 1s}
 * }</pre>
 *
 * @param failMode      what happens while Redis is unreachable or slower than {@code timeout}:
 *                      {@code open} (default) limits each process on its own with the same
 *                      algorithm, so N processes admit up to N times the rate; {@code closed}
 *                      refuses with 503 {@code LIMITER_UNAVAILABLE}. Either way the gateway
 *                      returns to the shared limits by itself once Redis answers
 * @param timeout       how long one check may wait for Redis before it counts as unavailable
 *                      (default 200ms; a healthy check takes well under 1 ms)
 * @param probeInterval during an outage, one check per interval tries Redis to find out whether
 *                      it is back; the others do not wait for it (default 1s). It is also the
 *                      {@code Retry-After} of {@code LIMITER_UNAVAILABLE}
 * @param plans         plan name → its rates. A plan named {@value #DEFAULT_PLAN} is required:
 *                      apps without a plan use it. Default: {@code default} with 100 requests per
 *                      second for an app overall and no per-API ceiling
 */
public record LimitSettings(FailMode failMode, Duration timeout, Duration probeInterval, Map<String, PlanRates> plans) {
    public static final String DEFAULT_PLAN = "default";

    public enum FailMode { OPEN, CLOSED }

    /**
     * The rates of one plan; a null rate is no ceiling.
     *
     * @param app    for an app over all APIs
     * @param perApi for an app on each API
     * @param apis   per-API overrides of {@code perApi}, by API id
     */
    public record PlanRates(RateConfig app, RateConfig perApi, Map<String, RateConfig> apis) {
        public PlanRates {
            apis = apis == null ? Map.of() : Map.copyOf(apis);
        }

        /** The same from {@link Rate}s, for settings built in code. */
        public static PlanRates of(Rate app, Rate perApi, Map<String, Rate> apis) {
            Map<String, RateConfig> overrides = new LinkedHashMap<>();
            if (apis != null) {
                apis.forEach((api, rate) -> overrides.put(api, RateConfig.of(rate)));
            }
            return new PlanRates(RateConfig.of(app), RateConfig.of(perApi), overrides);
        }

        Plan toPlan(String name) {
            Map<String, Rate> overrides = new LinkedHashMap<>();
            apis.forEach((api, rate) -> overrides.put(api, rate.toRate()));
            return new Plan(name, app == null ? null : app.toRate(), perApi == null ? null : perApi.toRate(), overrides);
        }
    }

    /**
     * A {@link Rate} as written in config, {@code {limit: 100, period: 1s, burst: 20}}; the burst
     * is optional and defaults to the limit.
     */
    public record RateConfig(long limit, Duration period, Long burst) {
        public RateConfig {
            burst = burst == null ? Long.valueOf(limit) : burst;
            new Rate(limit, period, burst);
        }

        static RateConfig of(Rate rate) {
            return rate == null ? null : new RateConfig(rate.limit(), rate.period(), rate.burst());
        }

        public Rate toRate() {
            return new Rate(limit, period, burst);
        }
    }

    public LimitSettings {
        failMode = failMode == null ? FailMode.OPEN : failMode;
        timeout = positive(timeout, Duration.ofMillis(200), "timeout");
        probeInterval = positive(probeInterval, Duration.ofSeconds(1), "probeInterval");
        plans = plans == null || plans.isEmpty()
                ? Map.of(DEFAULT_PLAN, PlanRates.of(Rate.perSecond(100), null, null))
                : Map.copyOf(plans);
        if (!plans.containsKey(DEFAULT_PLAN)) {
            throw new IllegalArgumentException("plans needs a '" + DEFAULT_PLAN + "' plan, which apps without a plan use"
                    + " (found: " + String.join(", ", new TreeSet<>(plans.keySet())) + ")");
        }
    }

    public static LimitSettings defaults() {
        return new LimitSettings(null, null, null, null);
    }

    public LimitSettings withFailMode(FailMode mode) {
        return new LimitSettings(mode, timeout, probeInterval, plans);
    }

    public LimitSettings withTimeout(Duration value) {
        return new LimitSettings(failMode, value, probeInterval, plans);
    }

    public LimitSettings withProbeInterval(Duration value) {
        return new LimitSettings(failMode, timeout, value, plans);
    }

    public LimitSettings withPlans(Map<String, PlanRates> value) {
        return new LimitSettings(failMode, timeout, probeInterval, value);
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
