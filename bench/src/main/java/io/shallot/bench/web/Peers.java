package io.shallot.bench.web;

/**
 * What the JVM servers of {@code bench/web.sh} share: the port argument, the number of event loops
 * (one per core the process may run on, so {@code taskset -c 0} gives one), the bodies, and the
 * line the script waits for.
 */
final class Peers {
    static final String HELLO = "Hello, World!";

    /** {@code GET /json}. */
    record Message(String message) {
    }

    /** {@code GET /v1/users/:id}: the id exactly as it came in the path. */
    record User(String id, String name) {
    }

    private Peers() {
    }

    static int port(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: <server class> <port>");
        }
        return Integer.parseInt(args[0]);
    }

    /** Event loops: {@code -Dbench.loops=N}, default one per available core (honours CPU affinity). */
    static int loops() {
        return Integer.getInteger("bench.loops", Runtime.getRuntime().availableProcessors());
    }

    static void ready(String name, int port, int loops, String details) {
        System.out.println("READY " + name + " pid=" + ProcessHandle.current().pid() + " port=" + port
                + " loops=" + loops + " " + details);
        System.out.flush();
    }
}
