package io.shallot.cluster.launch;

import io.shallot.cluster.config.AppSpec;
import io.shallot.cluster.config.ExecMode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Starts and stops the processes of one app, for both exec modes, so the supervisor never asks
 * which mode it runs. Fork: each process binds its own sockets; ready when launched (or on
 * {@code Ready.signal()} with {@code wait_ready}); stopped with SIGTERM. Cluster: the launcher owns
 * the app's listening socket and hands connections to admitted workers; a worker is ready when its
 * server has attached (and has signalled, with {@code wait_ready}); stopped with a drain message.
 * Every method runs on the daemon loop.
 */
public interface WorkerLauncher {

    static WorkerLauncher create(AppSpec spec, LaunchContext context) {
        return spec.mode() == ExecMode.CLUSTER ? new ClusterLauncher(spec, context) : new ForkLauncher(spec, context);
    }

    /** Before the first launch: cluster mode binds the app's port here. */
    CompletableFuture<Void> open();

    /** Starts instance {@code instance} as process id {@code id}; its events go to the context's listener. */
    Worker launch(int instance, int id) throws IOException;

    /** Whether the worker may now take traffic. */
    boolean ready(Worker worker);

    /**
     * Runs a ready worker that is not in rotation (a spare) through its request path, so its first
     * real connection is served at full speed; completes on the daemon loop with how many warm-up
     * requests were answered. Fork mode has no spares and completes at once with 0.
     */
    CompletableFuture<Integer> warm(Worker worker);

    /** Puts a ready worker in rotation. */
    void admit(Worker worker);

    /** Takes a worker out of rotation: it gets no new connections from now on. */
    void retire(Worker worker);

    /** Asks a retired worker to finish in-flight work and exit (the supervisor kills it after kill_timeout). */
    void stop(Worker worker);

    /** Null when {@code reload} can replace workers with no downtime, else why it cannot. */
    String reloadRefusal();

    /** After the last process of the app is gone: cluster mode closes the port. */
    void close();
}
