package io.shallot.cluster.apps;

/** Prints a line, lives LIVE_MS (default 100), then exits with EXIT_CODE (default 3). */
public final class Crasher {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("crasher up, pid " + ProcessHandle.current().pid());
        System.err.println("crasher error line");
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("LIVE_MS", "100")));
        System.exit(Integer.parseInt(System.getenv().getOrDefault("EXIT_CODE", "3")));
    }
}
