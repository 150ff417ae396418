package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.loop.Loop;
import io.shallot.loop.Timer;
import io.shallot.web.client.ClientRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of one upstream, run on one loop: right away, then every interval, a
 * {@code GET} of the check path on each target; a 2xx within the timeout puts the target (back)
 * in rotation, anything else takes it out. A target whose previous check has not finished is
 * skipped for that round. {@link #start} and {@link #stop} may be called from any thread.
 */
public final class HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final Upstream upstream;
    private final UpstreamSettings.HealthCheck check;
    private final Loop loop;
    private final Set<Target> running = new HashSet<>();
    private Timer timer;
    private boolean stopped;

    public HealthChecker(Upstream upstream, Loop loop) {
        this.upstream = upstream;
        this.check = upstream.settings().healthCheck();
        this.loop = loop;
    }

    public void start() {
        loop.execute(() -> {
            if (!stopped) {
                round();
                timer = loop.setInterval(this::round, check.interval().toMillis());
            }
        });
    }

    public void stop() {
        try {
            loop.execute(() -> {
                stopped = true;
                loop.clearInterval(timer);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("health loop of upstream {} already ended", upstream.settings().name());
        }
    }

    private void round() {
        for (Target target : upstream.targets()) {
            if (running.add(target)) {
                probe(target);
            }
        }
    }

    private void probe(Target target) {
        ClientRequest request = ClientRequest.of("GET", target.host(), target.port(), check.path()).timeout(check.timeout());
        upstream.client().send(request).then(
                response -> verdict(target, response.ok(), "status " + response.status()),
                error -> verdict(target, false, error.getMessage()));
    }

    private Void verdict(Target target, boolean healthy, String detail) {
        running.remove(target);
        if (!stopped && target.healthy(healthy)) {
            if (healthy) {
                LOG.info("upstream {}: target {} passed its health check and is back in rotation", upstream.settings().name(), target);
            } else {
                LOG.warn("upstream {}: target {} failed its health check ({}) and is out of rotation",
                        upstream.settings().name(), target, detail);
            }
        }
        return null;
    }
}
