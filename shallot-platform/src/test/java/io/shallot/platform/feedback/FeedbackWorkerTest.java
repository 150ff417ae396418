package io.shallot.platform.feedback;

import static io.shallot.platform.feedback.Harness.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.shallot.mvc.data.Collect;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.feedback.internal.FeedbackKeys;
import io.shallot.testing.OnLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's promise: every queued entry ends in MongoDB once, whoever dies or fails on the way. */
class FeedbackWorkerTest {
    private Harness h;

    @BeforeEach
    void start() {
        h = new Harness(Harness.quick());
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private List<String> submit(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(h.submit(body("bug", "android", "crash " + i), null).expectStatus(202).json().at("/data/id").asText());
        }
        return ids;
    }

    /** Reads every queued entry as a worker that then dies: read, never acknowledged. */
    @SuppressWarnings("unchecked")
    private List<StreamMessage<String, String>> readAndDie(String consumer) throws Exception {
        var commands = h.store.redis.commands();
        try {
            commands.xgroupCreate(XReadArgs.StreamOffset.from(h.keys.queue(), "0"), FeedbackKeys.GROUP,
                    XGroupCreateArgs.Builder.mkstream()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            assertThat(e).hasMessageContaining("BUSYGROUP");
        }
        return commands.xreadgroup(Consumer.from(FeedbackKeys.GROUP, consumer), XReadArgs.Builder.count(1000),
                XReadArgs.StreamOffset.lastConsumed(h.keys.queue())).get(10, TimeUnit.SECONDS);
    }

    private static List<String> ids(List<Document> documents) {
        return documents.stream().map(document -> document.getString("_id")).toList();
    }

    @Test
    void entriesOfAWorkerThatDiedAreClaimedAfterClaimAfterAndStoredOnce() throws Exception {
        List<String> ids = submit(7);
        assertThat(readAndDie("dead-worker")).hasSize(7);
        assertThat(h.queue().pending()).isEqualTo(7);

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 7);
        assertThat(ids(h.stored())).containsExactlyInAnyOrderElementsOf(ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
        assertThat(h.queue()).isEqualTo(new QueueState(0, 0, 0, 0));
        assertThat(ids(h.stored())).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void anEntryStoredBeforeItsWorkerDiedIsAcknowledgedNotStoredTwice() throws Exception {
        List<String> ids = submit(3);
        List<StreamMessage<String, String>> read = readAndDie("crashed-after-insert");
        // the dead worker had inserted the first entry's document, then died before acknowledging it
        Document first = new Document("_id", ids.get(0)).append("content", "the first copy");
        OnLoop.run(loop -> Collect.from(h.mongo.database().getCollection("feedback").insertOne(first), "insertOne", List::copyOf));
        assertThat(read).hasSize(3);

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
        List<Document> stored = h.stored();
        assertThat(ids(stored)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(stored).filteredOn(document -> document.getString("_id").equals(ids.get(0)))
                .extracting(document -> document.getString("content")).containsExactly("the first copy");
        assertThat(h.queue()).isEqualTo(new QueueState(0, 0, 0, 0));
    }

    @Test
    void whileMongoIsDownEntriesStayQueuedAndLandOnceItWorks() throws Exception {
        Mongo closed = Mongo.start(MongoSettings.defaults());
        closed.close();
        Feedback broken = new Feedback(h.store.redis, closed, h.clock, Harness.quick().withInstanceId("broken"));
        FeedbackWorker failing = h.worker(broken);
        List<String> ids = submit(5);

        // the worker reads a batch, cannot store it, and tries that batch again and again
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queue().pending() > 0);
        Thread.sleep(500);
        assertThat(h.queue().queued()).isEqualTo(5);
        assertThat(h.stored()).isEmpty();
        Harness.stop(failing);

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 5);
        assertThat(ids(h.stored())).containsExactlyInAnyOrderElementsOf(ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
        assertThat(h.queue()).isEqualTo(new QueueState(0, 0, 0, 0));
    }

    @Test
    void aPoisonEntryGoesToTheDeadLettersAndTheRestIsStored() throws Exception {
        List<String> ids = submit(2);
        var commands = h.store.redis.commands();
        String poison = commands.xadd(h.keys.queue(), Map.of("id", "not-an-id", "doc", "{}")).get(10, TimeUnit.SECONDS);
        String garbled = commands.xadd(h.keys.queue(), Map.of("id", "01KB5Z2X6Y0000000000000000", "at", "1",
                "doc", "{\"platform\":")).get(10, TimeUnit.SECONDS);
        ids.addAll(submit(1));

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
        assertThat(ids(h.stored())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(h.queue()).isEqualTo(new QueueState(0, 0, 2, 0));
        List<StreamMessage<String, String>> dead = commands.xrange(h.keys.deadLetters(), Range.unbounded())
                .get(10, TimeUnit.SECONDS);
        assertThat(dead).extracting(message -> message.getBody().get("entry")).containsExactly(poison, garbled);
        assertThat(dead).extracting(message -> message.getBody().get("reason"))
                .containsExactly("id is missing or not a feedback id", "doc is not JSON");
        assertThat(dead.get(0).getBody().get("fields")).contains("\"id\":\"not-an-id\"");
    }

    @Test
    void stopWaitsForTheBatchInHandAndTheNextWorkerCarriesOn() throws Exception {
        Harness.stop(h.worker());
        List<String> ids = submit(4);
        Thread.sleep(300);
        assertThat(h.queued()).isEqualTo(4);
        assertThat(h.stored()).isEmpty();

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 4);
        assertThat(ids(h.stored())).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aQueueDeletedUnderTheWorkerIsMadeAgainWithItsGroup() throws Exception {
        h.worker();
        submit(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 2);
        // as a FLUSHALL or a failover to an empty replica would: the stream goes, and its group with it
        h.store.redis.commands().del(h.keys.queue()).get(10, TimeUnit.SECONDS);

        List<String> later = submit(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 5);
        assertThat(ids(h.stored())).containsAll(later);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
    }
}
