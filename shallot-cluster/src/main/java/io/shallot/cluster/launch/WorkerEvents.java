package io.shallot.cluster.launch;

import java.util.Map;

/** What a launcher reports to the app's supervisor; always called on the daemon loop. */
public interface WorkerEvents {
    /** A message from the worker's agent (hello, listening, ready, stats) or a closed connection. */
    void onMessage(Worker worker, Map<String, Object> message);

    /** The process ended; {@code code} is 128 + signal number when it was killed. */
    void onExit(Worker worker, int code);
}
