package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guards the guard: the {@link NoLeaks} check of every client test is only worth something if reports can reach it. */
@ExtendWith(NoLeaks.class)
class LeakDetectionTest {

    @Test
    void theLeakDetectorIsParanoidAndItsReportsAreLogged() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(NoLeaks.reportsEnabled()).as("errors enabled on Netty's ResourceLeakDetector logger").isTrue();
    }
}
