package io.shallot.ops.leaderboard;

import java.util.List;

/** A member's entry on one period of a board, with the entries around it (itself included), best first. */
public record Standing(String board, String period, String member, long score, long rank, List<Entry> around) {
}
