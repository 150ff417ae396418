package io.shallot.ops.vote;

/**
 * A vote that was counted (or, for a retry with the same idempotency key, the answer the first
 * attempt got).
 *
 * @param tally     the option's votes right after this one was counted
 * @param remaining the votes the user had left right after it
 */
public record Ballot(String activity, String option, long tally, long remaining) {
}
