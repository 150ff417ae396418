package io.shallot.platform.diagnostics;

import io.shallot.mvc.data.Model;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import java.time.Instant;
import org.bson.Document;
import org.bson.conversions.Bson;

/** An embedded MongoDB, a moved-by-hand clock, the service and its routes on a real server, for one test. */
final class DiagnosticsFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    final Mongo mongo = Mongo.start(MongoSettings.defaults());
    final MutableClock clock = new MutableClock(START);
    final Diagnostics diagnostics;
    final TestClient client;
    private final Counter counter = new Counter(mongo);

    DiagnosticsFixture(DiagnosticsSettings settings, boolean streamBodies) {
        diagnostics = new Diagnostics(mongo, clock, settings);
        ServerOptions options = ServerOptions.defaults().withHost("127.0.0.1").withLoops(2)
                .withMaxBodyBytes(16 * 1024 * 1024).withStreamRequestBodies(streamBodies);
        client = TestClient.of(new App().use(DiagnosticsRoutes.mount(Router.create(), diagnostics).routes()), options);
    }

    DiagnosticsFixture() {
        this(DiagnosticsSettings.defaults(), true);
    }

    /** How many documents {@code collection} holds. */
    long count(String collection) {
        return counter.count(collection);
    }

    /** Writes behind the service's back, to stage what a crashed process leaves. */
    void insert(String collection, Document document) {
        counter.insert(collection, document);
    }

    void update(String collection, Bson filter, Bson update) {
        counter.update(collection, filter, update);
    }

    /** Documents in all four collections, to show a refusal stored nothing. */
    long stored() {
        return count("diagnostic_pulls") + count("diagnostic_log_chunks") + count("diagnostic_reports")
                + count("diagnostic_samples");
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            mongo.close();
        }
    }

    private static final class Counter extends Model {
        Counter(Mongo mongo) {
            super(mongo);
        }

        long count(String name) {
            return OnLoop.run(loop -> collection(name).count(null));
        }

        void insert(String name, Document document) {
            OnLoop.run(loop -> collection(name).insertOne(document));
        }

        void update(String name, Bson filter, Bson update) {
            OnLoop.run(loop -> collection(name).updateOne(filter, update));
        }
    }
}
