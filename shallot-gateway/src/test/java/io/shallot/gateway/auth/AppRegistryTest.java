package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.GatewayApp;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AppRegistryTest {

    private static <T> T onLoop(Supplier<Promise<T>> body) {
        AtomicReference<T> result = new AtomicReference<>();
        Loop.run(loop -> body.get().thenAccept(result::set));
        return result.get();
    }

    @Test
    void looksUpWhatTheRequestPathSeesOfAnApp() {
        try (AuthHarness gateway = new AuthHarness()) {
            gateway.createApp("{\"appid\":\"looked-up\",\"name\":\"l\",\"apis\":[\"b\",\"a\"],\"plan\":\"gold\","
                    + "\"priorityClass\":0,\"signed\":true}");
            AppRegistry registry = gateway.auth.registry();

            GatewayApp app = onLoop(() -> registry.app("looked-up"));
            List<GatewayApp> missing = new ArrayList<>();
            for (String appid : List.of("nobody-here", "{\"$ne\":1}", "", "$where")) {
                missing.add(onLoop(() -> registry.app(appid)));
            }

            assertThat(app).isEqualTo(new GatewayApp("looked-up", GatewayApp.Status.ACTIVE, Set.of("a", "b"), "gold", 0, true));
            assertThat(missing).containsOnlyNulls().hasSize(4);
        }
    }

    @Test
    void createsAnAppFromCodeForSeedingADemo() {
        try (AuthHarness gateway = new AuthHarness()) {
            AppCredentials credentials = onLoop(() -> gateway.auth.create(AppSpec.named("demo").withAppid("demo-app")
                    .withApis(Set.of("*"))));

            assertThat(credentials.appid()).isEqualTo("demo-app");
            assertThat(credentials.toString()).doesNotContain(credentials.secret());
            gateway.call("/v1/orders", gateway.token(credentials.appid(), credentials.secret())).expectStatus(200);
        }
    }
}
