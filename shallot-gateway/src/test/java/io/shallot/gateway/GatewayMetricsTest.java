package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

    @Test
    void everyRequestIsCountedUnderItsAppApiAndOutcome() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        App app = new App().use(new GatewayMetrics(registry)).use((ctx, next) -> {
            if (ctx.path().equals("/refused")) {
                throw Refusal.UPSTREAM_FAILED.exception(new IllegalStateException("down"));
            }
            ctx.body("ok");
            return Promise.resolve(ctx.loop(), null);
        });
        try (TestClient client = TestClient.of(app)) {
            client.get("/a").expectStatus(200);
            client.get("/b").expectStatus(200);
            client.get("/refused").expectStatus(502);
        }

        assertThat(timer(registry, Outcome.OK).count()).isEqualTo(2);
        assertThat(timer(registry, Refusal.UPSTREAM_FAILED.outcome()).count()).isEqualTo(1);
        assertThat(registry.find("gateway.requests").timers()).hasSize(2);
    }

    @Test
    void userTokenRefusalsCountAsUnauthenticated() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<Refusal> refusals = List.of(Refusal.NO_USER_TOKEN, Refusal.INVALID_USER_TOKEN, Refusal.EXPIRED_USER_TOKEN);
        App app = new App().use(new GatewayMetrics(registry)).use((ctx, next) -> {
            throw refusals.get(Integer.parseInt(ctx.path().substring(1))).exception();
        });
        try (TestClient client = TestClient.of(app)) {
            for (int i = 0; i < refusals.size(); i++) {
                client.get("/" + i).expectStatus(401).expectJson("/ret", refusals.get(i).ret());
            }
        }

        assertThat(timer(registry, Outcome.UNAUTHENTICATED).count()).isEqualTo(3);
        assertThat(registry.find("gateway.requests").timers()).hasSize(1);
    }

    private static Timer timer(PrometheusMeterRegistry registry, Outcome outcome) {
        return registry.get("gateway.requests").tag("app", "-").tag("api", "-").tag("outcome", outcome.tag()).timer();
    }
}
