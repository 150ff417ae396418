package io.shallot.ops.leaderboard;

import io.shallot.ops.Ids;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A leaderboard's definition.
 *
 * @param name      its id in the API and in keys
 * @param mode      whether a member's entry is its best score or the sum of its scores
 * @param period    how often it starts again from empty
 * @param zone      where days, weeks and months begin (default UTC)
 * @param keep      how many of the top entries it keeps (default {@value #DEFAULT_KEEP}); a member
 *                  pushed below them leaves the board, which bounds its memory however many play
 * @param retention how long a finished period can still be read (default 7 days); its key then expires
 */
public record Board(String name, Mode mode, Period period, ZoneId zone, int keep, Duration retention) {
    public static final int DEFAULT_KEEP = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public Board {
        Ids.require("board name", name);
        Objects.requireNonNull(mode, "board " + name + ": mode");
        period = period == null ? Period.ALL_TIME : period;
        zone = zone == null ? ZoneId.of("UTC") : zone;
        keep = keep == 0 ? DEFAULT_KEEP : keep;
        retention = retention == null ? DEFAULT_RETENTION : retention;
        if (keep < 1 || keep > 1_000_000) {
            throw new IllegalArgumentException("board " + name + ": keep must be 1 to 1,000,000 entries, got " + keep);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("board " + name + ": retention must not be negative, got " + retention);
        }
    }

    /** An all-time board of {@code mode} with the defaults. */
    public static Board of(String name, Mode mode) {
        return new Board(name, mode, Period.ALL_TIME, null, 0, null);
    }

    public Board withPeriod(Period period) {
        return new Board(name, mode, period, zone, keep, retention);
    }

    public Board withZone(ZoneId zone) {
        return new Board(name, mode, period, zone, keep, retention);
    }

    public Board withKeep(int keep) {
        return new Board(name, mode, period, zone, keep, retention);
    }

    public Board withRetention(Duration retention) {
        return new Board(name, mode, period, zone, keep, retention);
    }
}
