package io.shallot.examples.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceWaitStrategyTest {
    private static final long MS = 1_000_000;
    private static final long US = 1_000;

    private final Sequence published = new Sequence(-1);
    private final List<Long> sleeps = new ArrayList<>();
    private final FakeBarrier barrier = new FakeBarrier();
    private long cpuNanos;
    private int emptyLooks;

    /** Sleeps nothing; publishes the next event on the sleep after {@code emptyLooks} empty ones. */
    private final SliceWaitStrategy strategy = new SliceWaitStrategy(50 * US, 1 * MS, 10 * MS, () -> cpuNanos, nanos -> {
        sleeps.add(nanos);
        if (emptyLooks-- <= 0) {
            published.set(published.get() + 1);
        }
    });

    private long waitForNext() throws AlertException {
        return strategy.waitFor(published.get() + 1, published, published, barrier);
    }

    private void work(long nanos) {
        cpuNanos += nanos;
    }

    @Test
    void anEventAlreadyThereIsReturnedWithoutSleeping() throws AlertException {
        published.set(7);
        assertThat(strategy.waitFor(5, published, published, barrier)).isEqualTo(7);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void eachSleepIsSizedSoTheNextWakeUpFindsAboutASliceOfWork() throws AlertException {
        waitForNext();
        assertThat(sleeps).containsExactly(10 * MS);
        work(200 * US);
        waitForNext();
        work(25 * US);
        waitForNext();
        work(50 * US);
        waitForNext();
        assertThat(sleeps).containsExactly(10 * MS, 10 * MS / 4, 5 * MS, 5 * MS);
    }

    @Test
    void sleepsStayWithinTheirBounds() throws AlertException {
        waitForNext();
        work(5 * MS);
        waitForNext();
        work(1);
        waitForNext();
        assertThat(sleeps).containsExactly(10 * MS, 1 * MS, 10 * MS);
    }

    @Test
    void emptyLooksDoubleTheSleepUpToTheLongest() throws AlertException {
        waitForNext();
        work(250 * US);
        emptyLooks = 3;
        waitForNext();
        assertThat(sleeps).containsExactly(10 * MS, 2 * MS, 4 * MS, 8 * MS, 10 * MS);
    }

    @Test
    void aClockThatDoesNotMoveLeavesTheLongestSleep() throws AlertException {
        waitForNext();
        waitForNext();
        assertThat(sleeps).containsExactly(10 * MS, 10 * MS);
    }

    @Test
    void anAlertEndsTheWait() {
        barrier.alerted = true;
        assertThatThrownBy(this::waitForNext).isInstanceOf(AlertException.class);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void boundsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new SliceWaitStrategy(0, MS, MS, () -> 0, nanos -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice 0 ns");
        assertThatThrownBy(() -> new SliceWaitStrategy(US, 2 * MS, MS, () -> 0, nanos -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sleep 2000000-1000000 ns");
    }

    private static final class FakeBarrier implements SequenceBarrier {
        boolean alerted;

        @Override
        public long waitFor(long sequence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getCursor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isAlerted() {
            return alerted;
        }

        @Override
        public void alert() {
            alerted = true;
        }

        @Override
        public void clearAlert() {
            alerted = false;
        }

        @Override
        public void checkAlert() throws AlertException {
            if (alerted) {
                throw AlertException.INSTANCE;
            }
        }
    }
}
