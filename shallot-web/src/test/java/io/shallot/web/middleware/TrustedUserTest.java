package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrustedUserTest {
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static TestClient client;

    @BeforeAll
    static void start() {
        Router router = Router.create();
        router.with(TrustedUser.owns("uid", Policy.CHECK_IF_PRESENT)).get("/lenient/:uid", TrustedUserTest::answer);
        router.with(TrustedUser.owns("uid", Policy.REQUIRED)).get("/strict/:uid", TrustedUserTest::answer);
        router.get("/feedback", ctx -> {
            HANDLED.incrementAndGet();
            String user = TrustedUser.actingFor(ctx, ctx.query("userId"), Policy.CHECK_IF_PRESENT);
            return Promise.resolve(ctx.loop(), Map.of("user", String.valueOf(user)));
        });
        client = TestClient.of(new App().use(router.routes()));
    }

    private static Promise<Map<String, String>> answer(io.shallot.web.Context ctx) {
        HANDLED.incrementAndGet();
        return Promise.resolve(ctx.loop(), Map.of("uid", ctx.param("uid")));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @BeforeEach
    void reset() {
        HANDLED.set(0);
    }

    @Test
    void theVouchedForUserActsForItself() {
        client.request("GET", "/strict/ann").header("X-Shallot-User", "ann").send().expectStatus(200).expectJson("/uid", "ann");
        client.request("GET", "/lenient/ann%40corp").header("X-Shallot-User", "ann@corp").send().expectStatus(200);
        assertThat(HANDLED).hasValue(2);
    }

    @Test
    void anotherUsersPathIsForbiddenWhateverThePolicy() {
        client.request("GET", "/strict/bob").header("X-Shallot-User", "ann").send().expectStatus(403)
                .expectJson("/message", "the authenticated user may act only for itself");
        client.request("GET", "/lenient/bob").header("X-Shallot-User", "ann").send().expectStatus(403);
        assertThat(HANDLED).hasValue(0);
    }

    @Test
    void withoutTheHeaderOnlyTheLenientPolicyTakesThePathAsGiven() {
        client.get("/lenient/bob").expectStatus(200).expectJson("/uid", "bob");
        client.get("/strict/bob").expectStatus(401);
        assertThat(HANDLED).hasValue(1);
    }

    @Test
    void aMalformedHeaderIsRefusedNotGuessedAt() throws Exception {
        assertThat(Raw.get(client.port(), "/lenient/ann", "X-Shallot-User: ann\r\nX-Shallot-User: ann\r\n"))
                .startsWith("HTTP/1.1 400").contains("sent more than once");
        client.request("GET", "/lenient/a%20b").header("X-Shallot-User", "a b").send().expectStatus(400);
        client.request("GET", "/lenient/x").header("X-Shallot-User", "x".repeat(129)).send().expectStatus(400);
        assertThat(HANDLED).hasValue(0);
    }

    @Test
    void anIdInTheQueryOrBodyFollowsTheSameRule() {
        client.get("/feedback?userId=bob").expectJson("/user", "bob");
        client.get("/feedback").expectJson("/user", "null");
        client.request("GET", "/feedback").header("X-Shallot-User", "ann").send().expectJson("/user", "ann");
        client.request("GET", "/feedback?userId=ann").header("X-Shallot-User", "ann").send().expectJson("/user", "ann");
        client.request("GET", "/feedback?userId=bob").header("X-Shallot-User", "ann").send().expectStatus(403);
    }
}
