package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.ApiRoute;
import io.shallot.loop.Loop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamSettingsTest {

    @Test
    void absentValuesTakeTheDocumentedDefaults() {
        UpstreamSettings settings = UpstreamSettings.of("contents", "http://10.0.0.1:8080", "http://10.0.0.2");
        assertThat(settings.balancer()).isEqualTo(UpstreamSettings.Balancer.ROUND_ROBIN);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxConnectionsPerTarget()).isEqualTo(64);
        assertThat(settings.healthCheck()).isNull();
        assertThat(settings.ejection()).isEqualTo(new UpstreamSettings.Ejection(5, Duration.ofSeconds(30)));
        assertThat(settings.circuitBreaker()).isEqualTo(new UpstreamSettings.Breaker(20, 10, 50f, Duration.ofSeconds(10), 3));
        assertThat(new UpstreamSettings.HealthCheck("/health", null, null))
                .isEqualTo(new UpstreamSettings.HealthCheck("/health", Duration.ofSeconds(5), Duration.ofSeconds(2)));
    }

    @Test
    void badValuesAreRefusedNamingTheUpstreamAndTheField() {
        assertThatThrownBy(() -> UpstreamSettings.of("contents"))
                .hasMessage("upstream contents: at least one target (http://host:port) is required");
        assertThatThrownBy(() -> UpstreamSettings.of("contents", "https://10.0.0.1"))
                .hasMessage("upstream contents: target 'https://10.0.0.1' must be http://host:port with nothing after the port");
        assertThatThrownBy(() -> UpstreamSettings.of("contents", "http://10.0.0.1:80/v1"))
                .hasMessageContaining("nothing after the port");
        assertThatThrownBy(() -> UpstreamSettings.of("contents", "http://a:1", "http://A:1"))
                .hasMessageContaining("duplicate targets");
        assertThatThrownBy(() -> UpstreamSettings.of("contents", "http://a:1").withResponseTimeout(Duration.ofSeconds(-1)))
                .hasMessage("contents: responseTimeout must be positive, got PT-1S");
        assertThatThrownBy(() -> new UpstreamSettings.Breaker(5, 6, 50f, null, 0))
                .hasMessage("circuit breaker: minimumCalls (6) must not exceed windowSize (5)");
        assertThatThrownBy(() -> new UpstreamSettings.HealthCheck("health", null, null))
                .hasMessage("health check path must start with '/', got 'health'");
    }

    @Test
    void theProxyRefusesARouteToAnUnknownUpstreamAndDuplicateUpstreams() {
        Loop loop = Loop.start();
        try {
            UpstreamSettings contents = UpstreamSettings.of("contents", "http://127.0.0.1:9");
            assertThatThrownBy(() -> new Proxy(List.of(contents), List.of(ApiRoute.of("users", "/v1/users", "users")), loop))
                    .hasMessage("route users names upstream 'users', which is not configured (known: contents)");
            assertThatThrownBy(() -> new Proxy(List.of(contents, contents), List.of(), loop))
                    .hasMessage("upstream contents is configured twice");
        } finally {
            loop.shutdown().join();
        }
    }
}
