package io.shallot.gateway.auth;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.GatewayApp;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PermissionTest {
    private static AuthHarness gateway;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void letsAnAppCallTheApisGrantedToItOnly() {
        String[] app = gateway.appGranted("contents.read");
        String token = gateway.token(app[0], app[1]);

        gateway.call("/v1/contents/7", token).expectStatus(200).expectJson("/data/api", "contents.read");
        gateway.call("/v1/userinfos?user_ids=1", token).expectStatus(403).expectJson("/ret", 40302)
                .expectJson("/message", "api not granted to this app");
    }

    @Test
    void theWildcardGrantsEveryApi() {
        String[] app = gateway.appGranted("*");
        String token = gateway.token(app[0], app[1]);

        gateway.call("/v1/contents", token).expectStatus(200);
        gateway.call("/v1/orders", token).expectStatus(200);
    }

    @Test
    void aGrantAddedOrRemovedTakesEffectOnTheNextCall() {
        String[] app = gateway.appGranted("contents.read");
        String token = gateway.token(app[0], app[1]);
        gateway.call("/v1/orders", token).expectStatus(403);

        gateway.admin("PATCH", "/admin/apps/" + app[0]).body("{\"apis\":[\"orders.write\"]}").send().expectStatus(200);

        gateway.call("/v1/orders", token).expectStatus(200);
        gateway.call("/v1/contents", token).expectStatus(403).expectJson("/ret", 40302);
    }

    @Test
    void aDisabledAppsTokensStopWorkingAndWorkAgainOnceEnabled() {
        String[] app = gateway.appGranted("contents.read");
        String token = gateway.token(app[0], app[1]);
        gateway.call("/v1/contents", token).expectStatus(200);

        gateway.admin("POST", "/admin/apps/" + app[0] + "/disable").send().expectStatus(200)
                .expectJson("/data/status", "DISABLED");

        gateway.call("/v1/contents", token).expectStatus(403).expectJson("/ret", 40301)
                .expectJson("/message", "app is disabled");
        gateway.admin("POST", "/admin/apps/" + app[0] + "/enable").send().expectStatus(200);
        gateway.call("/v1/contents", token).expectStatus(200);
    }

    @Test
    void failsLoudlyWhenWiredWithoutRouteOrApp() {
        GatewayApp granted = new GatewayApp("app_x", GatewayApp.Status.ACTIVE, Set.of("a"), null, null, false);
        App noRoute = new App().use((ctx, next) -> {
            Exchange.of(ctx).app(granted);
            return next.run();
        }).use(Permission.create()).use((ctx, next) -> Promise.resolve(ctx.loop(), null));
        App noApp = new App().use((ctx, next) -> {
            Exchange.of(ctx).route(ApiRoute.of("a", "/a", "up"));
            return next.run();
        }).use(Permission.create());

        try (TestClient client = TestClient.of(noRoute)) {
            client.get("/a").expectStatus(500);
        }
        try (TestClient client = TestClient.of(noApp)) {
            client.get("/a").expectStatus(500);
        }
    }
}
