package io.shallot.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What can be seen before shutdown; examples' ShutdownLoggingTest runs hooks in a JVM that exits. */
class ShutdownHooksTest {
    @Test
    void waitingForHooksThatHaveNotRunGivesUpAtTheLimit() throws Exception {
        ShutdownHooks.add("shutdown-hooks-test", () -> { });
        long start = System.nanoTime();
        assertThat(ShutdownHooks.awaitAll(Duration.ofMillis(100))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aHookNeedsANameAndAnAction() {
        assertThatThrownBy(() -> ShutdownHooks.add(null, () -> { })).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> ShutdownHooks.add("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("action");
    }
}
