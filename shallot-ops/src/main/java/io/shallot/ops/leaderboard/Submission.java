package io.shallot.ops.leaderboard;

/**
 * What a submitted score did.
 *
 * @param score    the member's score on the board now (its best or its total)
 * @param rank     its rank now, or 0 when the score is below the entries the board keeps
 * @param improved whether the board's entry for the member changed
 */
public record Submission(String board, String period, String member, long score, long rank, boolean improved) {
    public boolean ranked() {
        return rank > 0;
    }
}
