package io.shallot.ops.leaderboard;

/** How a new score for a member combines with the one the board holds. */
public enum Mode {
    /** The board keeps each member's highest score (a game's best run). */
    BEST,
    /** The board adds every score to the member's total (points collected during an event). */
    SUM
}
