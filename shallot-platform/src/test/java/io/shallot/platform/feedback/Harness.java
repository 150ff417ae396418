package io.shallot.platform.feedback;

import io.shallot.loop.Loop;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.feedback.internal.FeedbackKeys;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * What a feedback test runs against: a real Redis under its own prefix, an embedded MongoDB, the
 * service on a test clock, its routes over real HTTP, and the workers and loops it started, all
 * closed by {@link #close()}.
 */
final class Harness {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    final TestRedis store = new TestRedis("platform");
    final Mongo mongo = Mongo.start(MongoSettings.defaults());
    final MutableClock clock = new MutableClock(NOW);
    final FeedbackKeys keys = new FeedbackKeys(store.redis);
    final Feedback feedback;
    final TestClient client;
    private final List<Loop> loops = new ArrayList<>();
    private final List<FeedbackWorker> workers = new ArrayList<>();

    Harness(FeedbackSettings settings) {
        feedback = new Feedback(store.redis, mongo, clock, settings);
        client = TestClient.of(new App().use(FeedbackRoutes.mount(Router.create(), feedback).routes()));
    }

    /** The settings of most tests: quick polls and claims. */
    static FeedbackSettings quick() {
        return FeedbackSettings.defaults().withPollInterval(Duration.ofMillis(50)).withClaimAfter(Duration.ofMillis(500));
    }

    /** A worker for {@code feedback} on a loop of its own. */
    FeedbackWorker worker(Feedback feedback) {
        Loop loop = Loop.start();
        loops.add(loop);
        FeedbackWorker worker = FeedbackWorker.start(loop, feedback);
        workers.add(worker);
        return worker;
    }

    FeedbackWorker worker() {
        return worker(feedback);
    }

    static void stop(FeedbackWorker worker) throws Exception {
        worker.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    TestResponse submit(String body, String idempotencyKey) {
        var request = client.request("POST", "/v1/feedback").header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).send();
    }

    static String body(String category, String platform, String content) {
        return "{\"platform\":\"" + platform + "\",\"appVersion\":\"3.2.1\",\"category\":\"" + category
                + "\",\"content\":\"" + content + "\"}";
    }

    /** The entries in the queue now. */
    long queued() throws Exception {
        return store.redis.commands().xlen(keys.queue()).get(10, TimeUnit.SECONDS);
    }

    QueueState queue() {
        return OnLoop.run(loop -> feedback.queue());
    }

    /** Every stored feedback document, read from MongoDB itself. */
    static List<Document> stored(Mongo mongo) {
        return OnLoop.run(loop -> Collect.from(mongo.database().getCollection("feedback").find(), "find", List::copyOf));
    }

    List<Document> stored() {
        return stored(mongo);
    }

    void close() throws Exception {
        try {
            for (FeedbackWorker worker : workers) {
                stop(worker);
            }
            for (Loop loop : loops) {
                loop.shutdown().get(30, TimeUnit.SECONDS);
            }
            client.close();
            mongo.close();
        } finally {
            store.close();
        }
    }
}
