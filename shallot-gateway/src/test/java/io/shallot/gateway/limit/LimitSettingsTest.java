package io.shallot.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.Rate;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitSettingsTest {
    private static LimitSettings bind(Map<String, ?> limits) {
        return Config.of(Map.of("limits", limits)).view("limits", LimitSettings.class);
    }

    @Test
    void plansBindFromConfigWithRatesAsPeopleWriteThem() {
        LimitSettings settings = bind(Map.of(
                "failMode", "closed",
                "timeout", "150ms",
                "plans", Map.of(
                        "default", Map.of("app", Map.of("limit", 100, "period", "1s", "burst", 100)),
                        "gold", Map.of(
                                "app", Map.of("limit", 1000, "period", "1s"),
                                "perApi", Map.of("limit", 300, "period", "1s", "burst", 50),
                                "apis", Map.of("contents.read", Map.of("limit", 600, "period", "1m"))))));

        assertThat(settings.failMode()).isEqualTo(LimitSettings.FailMode.CLOSED);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        Plans plans = Plans.of(settings);
        assertThat(plans.names()).containsExactly("default", "gold");
        assertThat(plans.require("gold").app()).isEqualTo(new Rate(1000, Duration.ofSeconds(1), 1000));
        assertThat(plans.require("gold").forApi("users.read")).isEqualTo(new Rate(300, Duration.ofSeconds(1), 50));
        assertThat(plans.require("gold").forApi("contents.read")).isEqualTo(new Rate(600, Duration.ofMinutes(1), 600));
        assertThat(plans.require("default").perApi()).isNull();
    }

    @Test
    void withNothingConfiguredTheDefaultPlanAllowsAHundredPerSecondPerApp() {
        LimitSettings settings = bind(Map.of());
        assertThat(settings.failMode()).isEqualTo(LimitSettings.FailMode.OPEN);
        assertThat(Plans.of(settings).require("default").app()).isEqualTo(Rate.perSecond(100));
    }

    @Test
    void badSettingsAreConfigErrorsNamingTheKey() {
        record Case(Map<String, ?> limits, String message) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("plans", Map.of("gold", Map.of("app", Map.of("limit", 5, "period", "1s")))),
                        "plans needs a 'default' plan, which apps without a plan use (found: gold)"),
                new Case(Map.of("plans", Map.of("default", Map.of("app", Map.of("limit", 0, "period", "1s")))),
                        "rate limit must be positive, got 0"),
                new Case(Map.of("plans", Map.of("default", Map.of("app", Map.of("limit", 5)))),
                        "rate period must be positive, got null"),
                new Case(Map.of("plans", Map.of("default", Map.of("app", Map.of("limit", 5, "period", "soon")))),
                        "limits.plans.default.app.period"),
                new Case(Map.of("plans", Map.of("default", Map.of("perAPI", Map.of("limit", 5, "period", "1s")))),
                        "limits.plans.default.perAPI is not a known key (allowed: app, perApi, apis)"),
                new Case(Map.of("failMode", "maybe"), "limits.failMode must be one of: open, closed"),
                new Case(Map.of("timeout", "0ms"), "timeout must be positive, got PT0S"));
        for (Case c : cases) {
            assertThatThrownBy(() -> bind(c.limits())).as(c.message())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c.message());
        }
    }
}
