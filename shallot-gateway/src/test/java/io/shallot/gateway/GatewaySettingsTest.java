package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.gateway.limit.LimitSettings;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.user.UserMode;
import io.shallot.mvc.config.Config;
import io.shallot.mvc.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway section as an operator writes it: sparse YAML binds with defaults, mistakes are named. */
class GatewaySettingsTest {
    @TempDir
    Path dir;

    private GatewaySettings load(String yaml) throws Exception {
        Files.writeString(dir.resolve("default.yaml"), yaml);
        return Config.load(dir, "test", Map.of()).view("gateway", GatewaySettings.class);
    }

    @Test
    void aSparseSectionBindsWithEveryDefault() throws Exception {
        GatewaySettings settings = load("""
                gateway:
                  upstreams:
                    - {name: api, targets: [http://127.0.0.1:5000], ejection: {period: 5s}, circuitBreaker: {openFor: 3s}}
                  routes:
                    - {api: users.read, prefix: /v1/users, upstream: api}
                """);
        assertThat(settings.server().port()).isEqualTo(GatewaySettings.Server.DEFAULT_PORT);
        UpstreamSettings api = settings.upstreams().get(0);
        assertThat(api.maxConnectionsPerTarget()).isEqualTo(64);
        assertThat(api.ejection().consecutiveFailures()).isEqualTo(5);
        assertThat(api.ejection().period()).isEqualTo(Duration.ofSeconds(5));
        assertThat(api.circuitBreaker().windowSize()).isEqualTo(20);
        assertThat(api.circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(3));
        ApiRoute route = settings.apiRoutes().get(0);
        assertThat(route.priority()).isEqualTo(RouteSettings.DEFAULT_PRIORITY);
        assertThat(route.methods()).isEmpty();
        assertThat(settings.limits().failMode()).isEqualTo(LimitSettings.FailMode.OPEN);
        assertThat(route.user()).isEqualTo(UserMode.NONE);
        assertThat(settings.users().enabled()).isFalse();
    }

    @Test
    void routesAskForAUserVerifiedWithTheUsersKeys() throws Exception {
        GatewaySettings settings = load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes:
                    - {api: users.messages, prefix: /v1/users, upstream: api, user: required}
                    - {api: contents.read, prefix: /v1/contents, upstream: api, user: Optional}
                    - {api: status, prefix: /v1/status, upstream: api, user: none}
                  users:
                    issuer: https://login.test
                    keys: [{alg: HS256, secret: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA}]
                """);
        assertThat(settings.apiRoutes()).extracting(ApiRoute::user)
                .containsExactly(UserMode.REQUIRED, UserMode.OPTIONAL, UserMode.NONE);
        assertThat(settings.users().issuer()).isEqualTo("https://login.test");
    }

    @Test
    void aRouteThatAsksForAUserWithoutUserKeysIsNamedWhenTheGatewayStarts() {
        assertThatThrownBy(() -> load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes:
                    - {api: contents.read, prefix: /v1/contents, upstream: api}
                    - {api: users.messages, prefix: /v1/users, upstream: api, user: required}
                  users: {issuer: https://login.test}
                """).checkUserRoutes()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("users.messages has user: required").hasMessageContaining("gateway.users has no keys");
        assertThatThrownBy(() -> load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes: [{api: users.badges, prefix: /v1/users, upstream: api, user: optional}]
                """).checkUserRoutes()).hasMessageContaining("users.badges has user: optional");
        assertThatThrownBy(() -> Gateway.start(load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes: [{api: users.badges, prefix: /v1/users, upstream: api, user: optional}]
                """), null, null)).hasMessageContaining("users.badges has user: optional");
    }

    @Test
    void anUnknownUserModeIsNamedWithTheModesAllowed() {
        assertThatThrownBy(() -> load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes: [{api: users.messages, prefix: /v1/users, upstream: api, user: maybe}]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("default.yaml")
                .hasMessageContaining("gateway.routes[0].user must be one of: none, optional, required")
                .hasMessageContaining("maybe");
    }

    @Test
    void theDemoAndStandaloneConfigsBind() {
        for (String config : new String[] {"../examples/contents/config", "../examples/gateway/config"}) {
            GatewaySettings settings = Config.load(Path.of(config), "development", Map.of()).view("gateway", GatewaySettings.class);
            assertThat(settings.apiRoutes()).extracting(ApiRoute::api).contains("contents.read", "userinfos.read");
        }
    }

    @Test
    void aRouteToAnUnknownUpstreamIsNamed() {
        assertThatThrownBy(() -> load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000]}]
                  routes: [{api: users.read, prefix: /v1/users, upstream: apii}]
                """)).hasMessageContaining("users.read").hasMessageContaining("apii").hasMessageContaining("known: api");
    }

    @Test
    void anUnknownKeyIsNamedWithItsFile() {
        assertThatThrownBy(() -> load("""
                gateway:
                  upstreams: [{name: api, targets: [http://127.0.0.1:5000], retries: 3}]
                  routes: [{api: users.read, prefix: /v1/users, upstream: api}]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("default.yaml").hasMessageContaining("retries");
    }
}
