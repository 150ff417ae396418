package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ErrorLogBudgetTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42);
    private final ErrorLogBudget budget = new ErrorLogBudget(now::get);

    @Test
    void aBurstIsLoggedThenTheRestAreCountedAndToldWithTheNextOneLogged() {
        for (int i = 0; i < ErrorLogBudget.BURST; i++) {
            assertThat(budget.take()).isZero();
        }
        for (int i = 0; i < 25; i++) {
            assertThat(budget.take()).isEqualTo(-1);
        }
        now.addAndGet(SECOND - 1);
        assertThat(budget.take()).isEqualTo(-1);
        now.addAndGet(1);
        assertThat(budget.take()).isEqualTo(26);
        assertThat(budget.take()).isEqualTo(-1);
    }

    @Test
    void quietTimeRefillsOneASecondUpToTheBurst() {
        for (int i = 0; i < ErrorLogBudget.BURST; i++) {
            budget.take();
        }
        now.addAndGet(3 * SECOND + SECOND / 2);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take()).isZero();
        }
        assertThat(budget.take()).isEqualTo(-1);
        now.addAndGet(SECOND / 2);
        assertThat(budget.take()).isEqualTo(1);

        now.addAndGet(3_600 * SECOND);
        for (int i = 0; i < ErrorLogBudget.BURST; i++) {
            assertThat(budget.take()).isZero();
        }
        assertThat(budget.take()).isEqualTo(-1);
    }
}
