package io.shallot.ops.leaderboard;

/**
 * One member's place: {@code rank} is one more than the number of members with a higher score, so
 * equal scores share a rank and the next rank is skipped (1, 2, 2, 4), as in sport.
 */
public record Entry(long rank, String member, long score) {
}
