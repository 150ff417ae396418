package io.shallot.mvc.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoTest {
    private Mongo mongo;
    private UserModel model;

    @BeforeEach
    void start() {
        mongo = Mongo.start(MongoSettings.defaults());
        model = new UserModel(mongo);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static List<Document> users(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> new Document("id", String.valueOf(i)).append("name", "user" + i).append("age", i % 50))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    @Test
    void roundTripsDocumentsInsideLoopRun() {
        Collection users = model.users();
        record Outcome(long count, List<Document> page, Optional<Document> one, long updated, long deleted, long left) {
        }

        Outcome outcome = OnLoop.run(loop -> users.insertMany(users(1000, 20))
                .compose(r -> users.createIndex(new Document("id", 1)))
                .compose(index -> users.count(null))
                .compose(count -> users.find(new Document("age", new Document("$gte", 5)), FindOptions.DEFAULT
                                .withSort(new Document("id", -1)).withSkip(2).withLimit(3)
                                .withProjection(new Document("_id", 0).append("id", 1)))
                        .compose(page -> users.findOne(new Document("id", "1007"))
                                .compose(one -> users.updateOne(new Document("id", "1007"),
                                                new Document("$set", new Document("name", "renamed")))
                                        .compose(updated -> users.deleteMany(new Document("age", new Document("$lt", 10)))
                                                .compose(deleted -> users.count(new Document())
                                                        .then(left -> new Outcome(count, page, one,
                                                                updated.getModifiedCount(), deleted.getDeletedCount(),
                                                                left))))))));

        assertThat(outcome.count()).isEqualTo(20);
        assertThat(outcome.page()).containsExactly(new Document("id", "1017"), new Document("id", "1016"),
                new Document("id", "1015"));
        assertThat(outcome.one()).get().extracting(d -> d.getString("name")).isEqualTo("user1007");
        assertThat(outcome.updated()).isEqualTo(1);
        assertThat(outcome.deleted()).isEqualTo(10);
        assertThat(outcome.left()).isEqualTo(10);
        Optional<Document> gone = OnLoop.run(loop -> users.findOne(new Document("id", "1007")));
        Optional<Document> kept = OnLoop.run(loop -> users.findOne(new Document("id", "1011")));
        assertThat(gone).isEmpty();
        assertThat(kept).get().extracting(d -> d.getString("name")).isEqualTo("user1011");
    }

    @Test
    void settlesOnTheCallingLoopThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        String[] loopThread = new String[1];

        OnLoop.run(loop -> {
            loopThread[0] = Thread.currentThread().getName();
            return model.users().insertOne(new Document("id", "1"))
                    .then(r -> threads.add(Thread.currentThread().getName()))
                    .compose(x -> model.users().find(null))
                    .then(docs -> threads.add(Thread.currentThread().getName()));
        });

        assertThat(threads).hasSize(2).containsOnly(loopThread[0]);
    }

    @Test
    void loopRunStaysAliveWhileAQueryIsInFlight() {
        List<Object> seen = new CopyOnWriteArrayList<>();

        Loop.run(loop -> model.users().insertMany(users(1, 300))
                .compose(r -> model.users().find(null))
                .thenAccept(docs -> seen.add(docs.size())));

        assertThat(seen).containsExactly(300);
    }

    @Test
    void findsOneHundredIdsWithIn() {
        List<String> wanted = IntStream.range(1000, 1100).mapToObj(String::valueOf).toList();

        List<Document> found = OnLoop.run(loop -> model.users().insertMany(users(950, 200))
                .compose(r -> model.byIds(wanted)));

        assertThat(found).extracting(d -> d.getString("id")).containsExactlyElementsOf(wanted);
    }

    @Test
    void driverErrorsRejectWithDataExceptionKeepingTheDriverMessageInTheCause() {
        Collection users = model.users();

        Throwable error = OnLoop.failure(loop -> users.insertOne(new Document("_id", 1))
                .compose(r -> users.insertOne(new Document("_id", 1))));

        assertThat(error).isInstanceOf(DataException.class)
                .hasMessage("insertOne on nodejs_cloumn.user failed")
                .hasMessageNotContaining("duplicate");
        assertThat(error.getCause()).hasMessageContaining("duplicate key");
    }

    @Test
    void refusesCallsOffTheLoop() {
        assertThatThrownBy(() -> model.users().find(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no event loop on thread");
    }

    @Test
    void connectsToAServerNamedByUriWithTheSameClientCode() {
        try (Mongo external = Mongo.start(MongoSettings.defaults().withUri(mongo.connectionString()).withDatabase("other"))) {
            UserModel other = new UserModel(external);

            long count = OnLoop.run(loop -> other.users().insertOne(new Document("id", "x"))
                    .compose(r -> model.users().count(null).compose(mine -> other.users().count(null)
                            .then(theirs -> mine * 100 + theirs))));

            assertThat(external.embedded()).isFalse();
            assertThat(count).isEqualTo(1);
        }
    }

    @Test
    void rejectsAMalformedUri() {
        assertThatThrownBy(() -> Mongo.start(MongoSettings.defaults().withUri("postgres://nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mongodb.uri is not a MongoDB connection string");
    }

    @Test
    void h2BackendKeepsDataAcrossRestarts(@TempDir Path dataDir) {
        MongoSettings settings = MongoSettings.defaults()
                .withEmbedded(MongoSettings.Embedded.H2).withDataDir(dataDir.toString());
        try (Mongo first = Mongo.start(settings)) {
            OnLoop.run(loop -> new UserModel(first).users().insertMany(users(1, 5)));
        }

        try (Mongo second = Mongo.start(settings)) {
            List<Document> found = OnLoop.run(loop -> new UserModel(second).byIds(List.of("1", "3", "5")));

            assertThat(found).extracting(d -> d.getString("name")).containsExactly("user1", "user3", "user5");
        }
    }

    @Test
    void h2FileInUseIsExplained(@TempDir Path dataDir) {
        MongoSettings settings = MongoSettings.defaults()
                .withEmbedded(MongoSettings.Embedded.H2).withDataDir(dataDir.toString());
        try (Mongo first = Mongo.start(settings)) {
            assertThat(first.embedded()).isTrue();
            assertThatThrownBy(() -> Mongo.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("embedded MongoDB: cannot open")
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void promisesOfSeveralQueriesCanBeJoined() {
        List<Long> counts = OnLoop.run(loop -> model.users().insertMany(users(1, 10))
                .compose(r -> Promise.all(List.of(
                        model.users().count(new Document("age", new Document("$lt", 5))),
                        model.users().count(null)))));

        assertThat(counts).containsExactly(4L, 10L);
    }
}
