package io.shallot.cluster.apps;

/** Prints LINES numbered lines of LINE_BYTES bytes (then idles), for the log tests. */
public final class Chatty {
    public static void main(String[] args) throws InterruptedException {
        int lines = Integer.parseInt(System.getenv().getOrDefault("LINES", "10"));
        int bytes = Integer.parseInt(System.getenv().getOrDefault("LINE_BYTES", "20"));
        for (int i = 0; i < lines; i++) {
            String n = "line " + i + " ";
            System.out.println(n + "x".repeat(Math.max(0, bytes - n.length())));
        }
        System.err.println("to stderr");
        System.out.flush();
        Thread.currentThread().join();
    }
}
