package io.shallot.cluster.launch;

import io.shallot.cluster.config.AppSpec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fork mode: each instance is a JVM that binds its own sockets. Ready as soon as it runs (PM2's
 * "online"), or on {@code Ready.signal()} with {@code wait_ready}; stopped with SIGTERM, which a
 * shallot server answers by draining.
 */
final class ForkLauncher implements WorkerLauncher {
    private final AppSpec spec;
    private final LaunchContext context;

    ForkLauncher(AppSpec spec, LaunchContext context) {
        this.spec = spec;
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> open() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Worker launch(int instance, int id) throws IOException {
        return Spawner.spawn(spec, context, instance, id, Map.of());
    }

    @Override
    public boolean ready(Worker worker) {
        return !spec.waitReady() || worker.signalled;
    }

    @Override
    public CompletableFuture<Integer> warm(Worker worker) {
        return CompletableFuture.completedFuture(0);
    }

    @Override
    public void admit(Worker worker) {
    }

    @Override
    public void retire(Worker worker) {
    }

    @Override
    public void stop(Worker worker) {
        worker.terminate();
    }

    @Override
    public String reloadRefusal() {
        return "reload replaces workers with no downtime only in cluster mode (exec_mode: cluster, port: N), where"
                + " the daemon owns the port; '" + spec.name() + "' runs in fork mode, where a replacement could not"
                + " bind the port its predecessor holds. Use 'shallot restart " + spec.name() + "'";
    }

    @Override
    public void close() {
    }
}
