package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** onFinish and keepOnError when several middlewares use them on one request, and on which thread they run. */
class ContextHooksIT {

    @Test
    void everyFinishListenerRunsInOrderWithTheFinalStatusEvenAfterOneThrows() {
        List<String> heard = new CopyOnWriteArrayList<>();
        App app = new App()
                .use((ctx, next) -> {
                    ctx.onFinish(done -> heard.add("first " + done.status()));
                    ctx.onFinish(done -> {
                        throw new IllegalStateException("a listener that throws");
                    });
                    return next.run();
                })
                .use((ctx, next) -> {
                    ctx.onFinish(done -> heard.add("third " + done.status()));
                    throw ctx.fail(409, "taken");
                });
        try (TestClient client = TestClient.of(app)) {
            client.get("/x").expectStatus(409);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
            assertThat(heard).containsExactly("first 409", "third 409");
            client.get("/y").expectStatus(409);
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 4);
            assertThat(heard).containsExactly("first 409", "third 409", "first 409", "third 409");
        }
    }

    @Test
    void headersKeptBySeveralCallsAllSurviveAnErrorAndOnlyThey() {
        String[] names = {"X-Second"};
        App app = new App()
                .use((ctx, next) -> {
                    ctx.set("X-First", "1");
                    ctx.keepOnError("X-First");
                    return next.run();
                })
                .use((ctx, next) -> {
                    ctx.set("X-Second", "2").set("X-Third", "3").set("X-Dropped", "4");
                    ctx.keepOnError(names).keepOnError("X-Third");
                    names[0] = "X-Dropped";
                    throw new IllegalStateException("boom");
                });
        try (TestClient client = TestClient.of(app)) {
            var res = client.get("/x").expectStatus(500).expectHeader("X-First", "1").expectHeader("X-Second", "2")
                    .expectHeader("X-Third", "3");
            assertThat(res.header("X-Dropped")).isNull();
        }
    }

    @Test
    void aChainThatReturnsAnotherLoopsPromiseIsStillFinishedOnTheConnectionsLoop() {
        Loop other = Loop.start(LoopOptions.defaults().withThreadName("some-other-loop"));
        List<String> finishedOn = new CopyOnWriteArrayList<>();
        App app = new App().use((ctx, next) -> {
            String connectionLoop = Thread.currentThread().getName();
            ctx.onFinish(done -> finishedOn.add(Thread.currentThread().getName().equals(connectionLoop)
                    ? "the connection's loop" : Thread.currentThread().getName()));
            ctx.body("answered");
            // e.g. a promise some library created on a loop of its own
            Deferred<Void> elsewhere = Promise.defer(other);
            other.execute(() -> other.setTimeout(() -> elsewhere.resolve(null), 10));
            return elsewhere.promise();
        });
        try (TestClient client = TestClient.of(app)) {
            client.get("/x").expectStatus(200).expectBody("answered");
            client.get("/y").expectStatus(200).expectBody("answered");
            await().atMost(Duration.ofSeconds(10)).until(() -> finishedOn.size() == 2);
            assertThat(finishedOn).containsExactly("the connection's loop", "the connection's loop");
        } finally {
            other.shutdown().join();
        }
    }
}
