package io.shallot.platform.feedback;

import static io.shallot.platform.feedback.Harness.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.testing.OnLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feedback submitted from several threads at once, every fifth retried under its idempotency key,
 * while two workers (two instances) drain the queue: each feedback is stored exactly once.
 */
class ConcurrentFeedbackTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 130;

    private Harness h;

    @BeforeEach
    void start() {
        h = new Harness(Harness.quick().withBatch(25));
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void everySubmissionIsStoredOnceWhileTwoWorkersDrain() throws Exception {
        h.worker(new Feedback(h.store.redis, h.mongo, h.clock, Harness.quick().withBatch(25).withInstanceId("one")));
        h.worker(new Feedback(h.store.redis, h.mongo, h.clock, Harness.quick().withBatch(25).withInstanceId("two")));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<String> ids = new ArrayList<>();
        try {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                sent.add(threads.submit(() -> {
                    go.await();
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        String key = "t" + thread + "-" + i;
                        String body = body(i % 3 == 0 ? "praise" : "bug", "windows", "thread " + thread + " note " + i);
                        String id = h.submit(body, key).expectStatus(202).json().at("/data/id").asText();
                        if (i % 5 == 0) {
                            h.submit(body, key).expectStatus(202).expectJson("/data/id", id).expectJson("/data/duplicate", true);
                        }
                        mine.add(id);
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<String>> thread : sent) {
                ids.addAll(thread.get(120, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(ids).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(60)).until(() -> h.queued() == 0);
        List<Document> stored = h.stored();
        assertThat(stored).extracting(document -> document.getString("_id")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(h.queue()).isEqualTo(new QueueState(0, 0, 0, 0));
        Stats stats = OnLoop.run(loop -> h.feedback.stats(null, null));
        assertThat(stats.total()).isEqualTo(THREADS * PER_THREAD);
        assertThat(stats.byCategory().get("praise")).isEqualTo((long) THREADS * ((PER_THREAD + 2) / 3));
    }

    @Test
    void concurrentSubmissionsNeverPushTheQueuePastItsBound() throws Exception {
        h.close();
        h = new Harness(Harness.quick().withMaxQueued(50));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<List<Integer>>> sent = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                sent.add(threads.submit(() -> {
                    go.await();
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < 30; i++) {
                        mine.add(h.submit(body("other", "mac", "n" + i), null).status());
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<Integer>> thread : sent) {
                statuses.addAll(thread.get(120, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(statuses).filteredOn(status -> status == 202).hasSize(50);
        assertThat(statuses).filteredOn(status -> status == 503).hasSize(THREADS * 30 - 50);
        assertThat(h.queued()).isEqualTo(50);
    }
}
