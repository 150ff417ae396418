package io.shallot.cluster.apps;

/** Ignores SIGTERM for a minute (its shutdown hook sleeps), so only SIGKILL ends it early. */
public final class Stubborn {
    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("got SIGTERM, not leaving");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // killed
            }
        }));
        System.out.println("stubborn up");
        Thread.currentThread().join();
    }
}
