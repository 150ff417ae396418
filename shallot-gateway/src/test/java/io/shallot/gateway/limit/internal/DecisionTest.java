package io.shallot.gateway.limit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.Refusal;
import org.junit.jupiter.api.Test;

class DecisionTest {
    @Test
    void admittedRequestsDescribeTheLimitWithFewerRemaining() {
        Quota api = new Quota(true, 10, 7, 300_000, 0);
        Quota app = new Quota(true, 100, 3, 9_700_000, 0);

        Decision decision = new Decision(api, app);

        assertThat(decision.refusal()).isNull();
        assertThat(decision.binding()).isSameAs(app);
        assertThat(decision.headers()).containsExactly(
                java.util.Map.entry("RateLimit-Limit", "100"),
                java.util.Map.entry("RateLimit-Remaining", "3"),
                java.util.Map.entry("RateLimit-Reset", "10"));
    }

    @Test
    void onATieTheLaterResetIsTheTighterLimit() {
        Quota api = new Quota(true, 10, 0, 2_000_000, 0);
        Quota app = new Quota(true, 10, 0, 1_000_000, 0);
        assertThat(new Decision(api, app).binding()).isSameAs(api);
    }

    @Test
    void whenBothRefuseTheLongerWaitDecides() {
        Quota api = new Quota(false, 10, 0, 1_000_000, 100_000);
        Quota app = new Quota(false, 10, 0, 5_000_000, 2_500_001);

        Decision decision = new Decision(api, app);

        assertThat(decision.refusal()).isEqualTo(Refusal.APP_RATE_LIMITED);
        assertThat(decision.headers()).containsEntry("Retry-After", "3").containsEntry("RateLimit-Reset", "5");
    }

    @Test
    void retryAfterIsNeverZero() {
        Quota api = new Quota(false, 10, 0, 10, 1);
        assertThat(new Decision(api, null).headers()).containsEntry("Retry-After", "1").containsEntry("RateLimit-Reset", "1");
    }
}
