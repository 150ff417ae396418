package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Loop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    private record Expiry(String subject, long atMs) {
    }

    /** Runs {@code script} on a fresh loop kept alive for {@code aliveMs}; returns what expired, when. */
    private static List<Expiry> run(long aliveMs, Script script) {
        List<Expiry> expired = new ArrayList<>();
        Loop.run(loop -> {
            long start = loop.now();
            Deadline<String> deadline = new Deadline<>(loop, subject -> expired.add(new Expiry(subject, loop.now() - start)));
            loop.setTimeout(() -> deadline.close(), aliveMs);
            script.run(loop, deadline);
        });
        return expired;
    }

    private interface Script {
        void run(Loop loop, Deadline<String> deadline);
    }

    @Test
    void aDeadlineMovedLaterExpiresOnlyAtTheLaterTime() {
        List<Expiry> expired = run(1000, (loop, deadline) -> {
            deadline.arm(60, "first");
            loop.setTimeout(() -> deadline.arm(150, "second"), 30);
        });
        assertThat(expired).extracting(Expiry::subject).containsExactly("second");
        assertThat(expired.get(0).atMs()).isGreaterThanOrEqualTo(180);
    }

    @Test
    void aDeadlineMovedEarlierThanThePendingTimerExpiresAtTheEarlierTime() {
        List<Expiry> expired = run(3000, (loop, deadline) -> {
            deadline.arm(60_000, "idle");
            deadline.arm(50, "request");
        });
        assertThat(expired).extracting(Expiry::subject).containsExactly("request");
        assertThat(expired.get(0).atMs()).isBetween(50L, 2500L);
    }

    @Test
    void cancelStopsOnlyTheSubjectItNames() {
        List<Expiry> expired = run(500, (loop, deadline) -> {
            deadline.arm(40, "a");
            deadline.cancel("b");
            loop.setTimeout(() -> {
                deadline.arm(40, "c");
                deadline.cancel("c");
            }, 100);
        });
        assertThat(expired).extracting(Expiry::subject).containsExactly("a");
    }

    @Test
    void closeStopsEverything() {
        List<Expiry> expired = run(300, (loop, deadline) -> {
            deadline.arm(50, "a");
            deadline.close();
        });
        assertThat(expired).isEmpty();
    }
}
