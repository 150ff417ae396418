package io.shallot.platform.inbox;

import static io.shallot.platform.inbox.Messages.direct;
import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sends to one user and reads for that user from several loops on several threads at once, as
 * several processes would, with a small cap so that the oldest messages are dropped meanwhile:
 * the counts still equal exactly the unread messages the list shows.
 */
class ConcurrentInboxTest {
    private static final int LOOPS = 4;
    private static final int ROUNDS = 30;
    private static final String[] CATEGORIES = {"system", "activity", "social", "order"};

    private final TestRedis store = new TestRedis("platform");
    private final Inbox inbox = new Inbox(store.redis, Clock.systemUTC(), InboxSettings.defaults().withMaxInbox(25));

    @AfterEach
    void close() {
        inbox.close();
        store.close();
    }

    @Test
    void concurrentSendsAndReadsLeaveTheCountsEqualToTheUnreadListed() throws Exception {
        CountDownLatch ready = new CountDownLatch(LOOPS);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(LOOPS);
        try {
            List<Future<Integer>> loops = new ArrayList<>();
            for (int l = 0; l < LOOPS; l++) {
                int loopIndex = l;
                loops.add(threads.submit(() -> OnLoop.run(loop -> {
                    ready.countDown();
                    await(go);
                    List<Promise<?>> work = new ArrayList<>();
                    for (int i = 0; i < ROUNDS; i++) {
                        String category = CATEGORIES[(loopIndex + i) % CATEGORIES.length];
                        Promise<Sent> sent = inbox.send(direct(category, "l" + loopIndex + "-" + i, "ann", "l" + loopIndex));
                        work.add(sent);
                        switch (i % 3) {
                            // a message may have been dropped by the cap meanwhile: a 404 is fine here
                            case 0 -> work.add(sent.compose(s -> inbox.markRead("ann", Read.ids(List.of(s.id())))));
                            case 1 -> work.add(inbox.markRead("ann", Read.category(category)));
                            default -> work.add(inbox.badges("ann"));
                        }
                    }
                    return Promise.allSettled(work).then(List::size);
                })));
            }
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Integer> loop : loops) {
                assertThat(loop.get(120, TimeUnit.SECONDS)).isEqualTo(2 * ROUNDS);
            }
        } finally {
            threads.shutdownNow();
        }

        Page page = OnLoop.run(loop -> inbox.list("ann", null, 100, null));
        assertThat(page.items()).hasSize(25);
        Badges badges = OnLoop.run(loop -> inbox.badges("ann"));
        InboxTest.assertUnreadMatches(badges, page);
        assertThat(badges("l0").total()).as("l0 read nothing and keeps the newest 25").isEqualTo(25);
    }

    private Badges badges(String uid) {
        return OnLoop.run(loop -> inbox.badges(uid));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
