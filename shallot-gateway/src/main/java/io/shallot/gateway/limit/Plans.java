package io.shallot.gateway.limit;

import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate-limit plans by name, from {@link LimitSettings#plans()}.
 *
 * <p>Check an app's plan where the app is defined ({@link #require}: the admin API, apps loaded
 * from config at startup), so a typo is an error there. The request path never fails on it:
 * {@link #forApp} answers an app whose plan has disappeared since (say, removed from the config)
 * with the {@value LimitSettings#DEFAULT_PLAN} plan, and logs that once per plan name.
 *
 * <p>Threading: immutable lookups; safe from any thread.
 */
public final class Plans {
    private static final Logger LOG = LoggerFactory.getLogger(Plans.class);

    private final Map<String, Plan> byName;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private Plans(Map<String, Plan> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static Plans of(LimitSettings settings) {
        Map<String, Plan> byName = new LinkedHashMap<>();
        settings.plans().forEach((name, rates) -> byName.put(name, rates.toPlan(name)));
        return new Plans(byName);
    }

    /**
     * The plan called {@code name}.
     *
     * @throws IllegalArgumentException naming the known plans, when there is none by that name
     */
    public Plan require(String name) {
        Plan plan = byName.get(name);
        if (plan == null) {
            throw new IllegalArgumentException("unknown rate-limit plan '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return plan;
    }

    /** {@code app}'s plan, or the default plan when its plan is unknown (logged once per name). */
    public Plan forApp(GatewayApp app) {
        Plan plan = byName.get(app.plan());
        if (plan != null) {
            return plan;
        }
        if (warned.add(app.plan())) {
            LOG.warn("app {} names the unknown rate-limit plan '{}' (known: {}); it is limited by the '{}' plan",
                    app.appid(), app.plan(), String.join(", ", names()), LimitSettings.DEFAULT_PLAN);
        }
        return byName.get(LimitSettings.DEFAULT_PLAN);
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
