package io.shallot.platform.diagnostics;

import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic {@link Diagnostics#purge()} on one loop, from {@link Diagnostics#startPurging}. A run
 * that is still going when the next is due makes that one skip; a failed run is logged and the
 * next one tries again. The interval keeps its loop alive until {@link #stop()}.
 */
public final class Purging {
    private static final Logger LOG = LoggerFactory.getLogger(Purging.class);
    private final Loop loop;
    private Timer timer;
    private boolean running;
    private boolean stopped;

    Purging(Loop loop, Duration every, Supplier<Promise<Purged>> purge) {
        this.loop = loop;
        onLoop(() -> {
            if (!stopped) {
                timer = loop.setInterval(() -> run(purge), every.toMillis());
            }
        });
    }

    /** Stops the purging; a run in progress finishes. Any thread. Idempotent. */
    public void stop() {
        onLoop(() -> {
            stopped = true;
            loop.clearInterval(timer);
        });
    }

    private void run(Supplier<Promise<Purged>> purge) {
        if (running) {
            return;
        }
        running = true;
        purge.get().whenSettled((failure, purged) -> {
            running = false;
            if (failure != null) {
                LOG.warn("purging diagnostics failed; trying again at the next interval", failure);
            } else if (purged.reports() + purged.pulls() > 0) {
                LOG.info("purged {} diagnostic reports and {} pulls", purged.reports(), purged.pulls());
            }
        });
    }

    private void onLoop(Runnable action) {
        if (loop.inLoop()) {
            action.run();
        } else {
            loop.execute(action);
        }
    }
}
