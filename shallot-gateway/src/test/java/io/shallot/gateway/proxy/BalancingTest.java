package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.proxy.UpstreamSettings.Balancer;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BalancingTest {

    @Test
    void roundRobinSpreadsRequestsEvenly() {
        try (FakeUpstream a = FakeUpstream.start("a"); FakeUpstream b = FakeUpstream.start("b"); FakeUpstream c = FakeUpstream.start("c");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", a.url(), b.url(), c.url()))) {
            for (int i = 0; i < 30; i++) {
                gateway.get("/x").expectStatus(200);
            }
            assertThat(a.count()).isEqualTo(10);
            assertThat(b.count()).isEqualTo(10);
            assertThat(c.count()).isEqualTo(10);
        }
    }

    @Test
    void leastInFlightSendsNewRequestsAwayFromABusyTarget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeUpstream slow = FakeUpstream.start("slow"); FakeUpstream fast = FakeUpstream.start("fast");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", slow.url(), fast.url())
                     .withBalancer(Balancer.LEAST_IN_FLIGHT))) {
            slow.respond(exchange -> {
                release.await(60, TimeUnit.SECONDS);
                FakeUpstream.send(exchange, 200, "slow");
            });
            CompletableFuture<TestResponse> stuck = occupy(gateway, slow);

            for (int i = 0; i < 10; i++) {
                gateway.get("/x").expectStatus(200).expectBody("fast");
            }
            assertThat(slow.count()).isEqualTo(1);

            release.countDown();
            stuck.get(30, TimeUnit.SECONDS).expectStatus(200).expectBody("slow");
        }
    }

    /** Sends requests until one is held by {@code slow}; requests that {@code fast} answered are done. */
    private static CompletableFuture<TestResponse> occupy(TestGateway gateway, FakeUpstream slow) {
        while (true) {
            // a thread of its own: the common pool has one thread on a 2-core machine, and this call blocks
            CompletableFuture<TestResponse> pending = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    pending.complete(gateway.client.request("GET", "/x").timeout(Duration.ofSeconds(60)).send());
                } catch (RuntimeException | AssertionError e) {
                    pending.completeExceptionally(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.count() == 1 || pending.isDone());
            if (slow.count() == 1) {
                return pending;
            }
            pending.join().expectStatus(200).expectBody("fast");
        }
    }
}
