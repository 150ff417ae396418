package io.shallot.gateway.shed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.Identify;
import io.shallot.gateway.shed.internal.Signals;
import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Middleware;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SheddingTest {
    private static final Signals OVERLOADED = new Signals(Duration.ofSeconds(1).toNanos(), 0, Double.NaN);
    private static final Map<String, GatewayApp> APPS = Map.of(
            "plain", Identify.app("plain", "default"),
            "vip", new GatewayApp("vip", GatewayApp.Status.ACTIVE, Set.of("*"), "default", 0, false));

    private final OverloadDetector detector = new OverloadDetector(
            ShedSettings.defaults().withTiming(Duration.ofMillis(50), Duration.ZERO, Duration.ZERO), () -> Double.NaN);
    private final LinkedBlockingQueue<Deferred<Void>> held = new LinkedBlockingQueue<>();
    private TestClient client;
    private long now;

    @AfterEach
    void close() {
        client.close();
        detector.close();
    }

    private void start(Middleware handler) {
        start(handler, ServerOptions.defaults().withHost("127.0.0.1").withLoops(1));
    }

    private void start(Middleware handler, ServerOptions options) {
        client = TestClient.of(new App().use(Identify.apps(APPS)).use(new Shedding(detector)).use(handler), options);
    }

    private static Middleware ok() {
        return (ctx, next) -> {
            ctx.body("ok");
            return next.run();
        };
    }

    /** Holds each request until the test releases it. */
    private Middleware holding() {
        return (ctx, next) -> {
            Deferred<Void> release = Promise.defer(ctx.loop());
            held.add(release);
            return release.promise().thenRun(() -> ctx.body("released"));
        };
    }

    private void raiseTo(int level) {
        while (detector.level() < level) {
            detector.sample(now++, OVERLOADED);
        }
    }

    private TestResponse call(String app, int priority) {
        return client.request("GET", "/api").header("X-App", app).header("X-Priority", Integer.toString(priority)).send();
    }

    @Test
    void eachLevelShedsTheLowestPrioritiesWith503AndRetryAfter() {
        start(ok());
        for (int level = 0; level <= 3; level++) {
            raiseTo(level);
            for (int priority = 0; priority <= 3; priority++) {
                TestResponse response = call("plain", priority);
                if (priority > 3 - level && priority > 0) {
                    response.expectStatus(503).expectJson("/ret", 50301).expectHeader("Retry-After", "2");
                } else {
                    response.expectStatus(200);
                }
            }
        }
    }

    @Test
    void anAppsPriorityClassLiftsItsRequestsAboveTheShedLine() {
        start(ok());
        raiseTo(3);
        call("vip", 3).expectStatus(200);
        call("plain", 3).expectStatus(503);
    }

    @Test
    void admittedRequestsCountInFlightUntilTheirResponseIsFinished() throws Exception {
        start(holding());
        // not the common pool: it has one thread on a 2-core machine, and both calls block
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<TestResponse> first = CompletableFuture.supplyAsync(() -> call("plain", 2), callers);
        CompletableFuture<TestResponse> second = CompletableFuture.supplyAsync(() -> call("plain", 3), callers);
        Deferred<Void> one = held.poll(10, TimeUnit.SECONDS);
        Deferred<Void> two = held.poll(10, TimeUnit.SECONDS);
        assertThat(detector.inFlight()).isEqualTo(2);

        raiseTo(1);
        call("plain", 3).expectStatus(503);
        assertThat(detector.inFlight()).isEqualTo(2);

        // the two calls race, so the first request held may be either of them
        one.resolve(null);
        CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> detector.inFlight() == 1);
        two.resolve(null);
        first.get(10, TimeUnit.SECONDS).expectStatus(200).expectBody("released");
        second.get(10, TimeUnit.SECONDS).expectStatus(200).expectBody("released");
        await().atMost(Duration.ofSeconds(10)).until(() -> detector.inFlight() == 0);
    }

    @Test
    void aFailedRequestLeavesTheCount() {
        start((ctx, next) -> {
            throw new IllegalStateException("boom");
        });
        call("plain", 2).expectStatus(500);
        await().atMost(Duration.ofSeconds(10)).until(() -> detector.inFlight() == 0);
    }

    @Test
    void aRequestWhoseClientWentAwayLeavesTheCountAtOnceThoughItsChainIsStillRunning() throws Exception {
        start(holding());
        assertThatThrownBy(() -> client.request("GET", "/api").header("X-App", "plain").timeout(Duration.ofMillis(300)).send())
                .hasMessageContaining("GET /api failed");
        Deferred<Void> release = held.poll(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> detector.inFlight() == 0);

        release.resolve(null);

        // the chain's late settlement must not count the request out a second time
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> detector.inFlight() == 0);
    }

    @Test
    void aRequestThatTimesOutOnTheServerLeavesTheCount() {
        start((ctx, next) -> Promise.defer(ctx.loop()).promise().thenRun(() -> { }),
                ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withRequestTimeoutMs(300));
        call("plain", 2).expectStatus(503);
        await().atMost(Duration.ofSeconds(10)).until(() -> detector.inFlight() == 0);
    }
}
