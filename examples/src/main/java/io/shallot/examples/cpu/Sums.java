package io.shallot.examples.cpu;

/** The document's startCount/nextCount: the sum of [from, to), as an exact long. */
final class Sums {
    static final long HALF = 500_000_000L;
    static final long END = 1_000_000_000L;

    private Sums() {
    }

    static long sum(long from, long to) {
        long sum = 0;
        for (long i = from; i < to; i++) {
            sum += i;
        }
        return sum;
    }
}
