package io.shallot.web.middleware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Loop;
import io.shallot.web.middleware.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LineBatchTest {
    private static final String LOGGER = "io.shallot.test.batch";

    @Test
    void theLinesOfOneTurnGoOutAsOneEventAfterTheTurn() {
        List<Integer> seenDuringTheTurn = new ArrayList<>();
        try (LogCapture log = new LogCapture(LOGGER)) {
            Loop.run(loop -> {
                LineBatch batch = new LineBatch(LoggerFactory.getLogger(LOGGER), loop);
                for (int i = 1; i <= 3; i++) {
                    batch.begin().append("line ").append(i);
                    batch.end();
                }
                seenDuringTheTurn.add(log.events().size());
                // set in the check phase, behind the batch's own flush: on a slow first turn a timer
                // set now could fire before that check phase and join the first event
                loop.setImmediate(() -> loop.setTimeout(() -> {
                    batch.begin().append("line 4");
                    batch.end();
                }, 1));
            });
            assertThat(seenDuringTheTurn).containsExactly(0);
            assertThat(log.events()).containsExactly("line 1\nline 2\nline 3", "line 4");
        }
    }

    @Test
    void aFullBatchGoesOutAtOnceAndNothingIsLost() {
        String line = "x".repeat(1000);
        int count = LineBatch.FLUSH_CHARS / 1000 * 3;
        List<Integer> seenDuringTheTurn = new ArrayList<>();
        try (LogCapture log = new LogCapture(LOGGER)) {
            Loop.run(loop -> {
                LineBatch batch = new LineBatch(LoggerFactory.getLogger(LOGGER), loop);
                for (int i = 0; i < count; i++) {
                    batch.begin().append(line);
                    batch.end();
                }
                seenDuringTheTurn.add(log.events().size());
            });
            assertThat(seenDuringTheTurn.get(0)).isGreaterThanOrEqualTo(2);
            assertThat(log.lines()).hasSize(count).containsOnly(line);
            assertThat(log.events()).allSatisfy(event -> assertThat(event.length()).isLessThan(LineBatch.FLUSH_CHARS + 1001));
        }
    }
}
