package io.shallot.ops.leaderboard;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.ScoredValue;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisCall;
import io.shallot.ops.Ids;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Leaderboards on Redis sorted sets, one per board period ({@code lb:<board>:<period>} under the
 * Redis prefix). A submission is one Lua script (keep the best or add to the sum, trim the board to
 * its kept entries, set the period's expiry, rank the member), so concurrent submissions from any
 * number of processes never lose an update. A standing is one script too. The top of a board is
 * what a read storm asks for: it is cached in this process for a short time (default 1 s), one
 * Redis read per board period per interval however many ask, so it may lag a submission by that
 * long; a member's own standing is always read fresh.
 *
 * <p>Scores are integers within +-(2^53 - 1), which Redis's doubles hold exactly. Ranks follow
 * {@link Entry}: equal scores share one. Errors are {@link HttpException}s: an unknown board or a
 * period not kept 404, a bad id or score 400, a sum that would overflow 409, Redis unavailable 503;
 * a call refuses by the promise it returns, never by throwing.
 *
 * <p>Thread-safe; call it on a loop thread, where its promises settle.
 */
public final class Leaderboards {
    public static final long MAX_SCORE = (1L << 53) - 1;
    public static final int MAX_TOP = 100;
    public static final int MAX_AROUND = 25;
    public static final Duration DEFAULT_TOP_TTL = Duration.ofSeconds(1);
    private static final String STORE = "the leaderboard store";

    private final Redis redis;
    private final Map<String, Board> boards = new LinkedHashMap<>();
    private final Clock clock;
    private final LuaScript submit;
    private final LuaScript standing;
    private final AsyncCache<String, List<Entry>> tops;

    public Leaderboards(Redis redis, List<Board> boards, Clock clock, Duration topTtl) {
        this.redis = redis;
        this.clock = clock;
        for (Board board : boards) {
            if (this.boards.putIfAbsent(board.name(), board) != null) {
                throw new IllegalArgumentException("two boards are named " + board.name());
            }
        }
        this.submit = new LuaScript(redis, Leaderboards.class, "internal/submit.lua");
        this.standing = new LuaScript(redis, Leaderboards.class, "internal/standing.lua");
        this.tops = Caffeine.newBuilder().expireAfterWrite(topTtl).maximumSize(10_000).buildAsync();
    }

    public static Leaderboards of(Redis redis, List<Board> boards) {
        return new Leaderboards(redis, boards, Clock.systemUTC(), DEFAULT_TOP_TTL);
    }

    public List<Board> boards() {
        return List.copyOf(boards.values());
    }

    /** The board named {@code name}; a 404 when there is none. */
    public Board board(String name) {
        Board board = Ids.valid(name) ? boards.get(name) : null;
        if (board == null) {
            throw new HttpException(404, "no leaderboard " + (Ids.valid(name) ? name : "with that name"));
        }
        return board;
    }

    /** The id of the board's period running now. */
    public String currentPeriod(Board board) {
        return board.period().idAt(clock.instant(), board.zone());
    }

    /** Records {@code score} for {@code member} on the board's current period. */
    public Promise<Submission> submit(String boardName, String member, long score) {
        return Promise.attempt(() -> submitChecked(board(boardName), member, score));
    }

    private Promise<Submission> submitChecked(Board board, String member, long score) {
        Ids.check("member", member);
        if (Math.abs(score) > MAX_SCORE) {
            throw new HttpException(400, "score must be an integer within +-" + MAX_SCORE);
        }
        String period = currentPeriod(board);
        Instant end = board.period().endOf(period, board.zone());
        long expiresIn = end == null ? 0 : Math.max(1, Duration.between(clock.instant(), end.plus(board.retention())).toMillis());
        CompletableFuture<List<Object>> reply = submit.run(new String[] {key(board, period)}, board.mode().name(), member,
                Long.toString(score), Integer.toString(board.keep()), Long.toString(expiresIn), Long.toString(MAX_SCORE));
        return RedisCall.of(STORE, reply).then(values -> {
            if ("overflow".equals(values.get(0))) {
                throw new HttpException(409, "the total of " + member + " on " + board.name() + " would exceed "
                        + MAX_SCORE + "; it stays " + values.get(1));
            }
            return new Submission(board.name(), period, member, Long.parseLong((String) values.get(1)),
                    (Long) values.get(2), (Long) values.get(3) == 1);
        });
    }

    /** The best {@code limit} entries (1 to {@value #MAX_TOP}) of a period, the current one when {@code period} is null. */
    public Promise<List<Entry>> top(String boardName, String period, int limit) {
        return Promise.attempt(() -> {
            Board board = board(boardName);
            if (limit < 1 || limit > MAX_TOP) {
                throw new HttpException(400, "limit must be 1 to " + MAX_TOP);
            }
            String key = key(board, kept(board, period));
            return RedisCall.of(STORE, tops.get(key, (k, executor) -> readTop(k)))
                    .then(entries -> entries.subList(0, Math.min(limit, entries.size())));
        });
    }

    /**
     * The member's entry on a period (the current one when {@code period} is null) with up to
     * {@code around} entries (0 to {@value #MAX_AROUND}) on each side; a 404 when it has none.
     */
    public Promise<Standing> standing(String boardName, String period, String member, int around) {
        return Promise.attempt(() -> standingChecked(board(boardName), period, member, around));
    }

    private Promise<Standing> standingChecked(Board board, String period, String member, int around) {
        Ids.check("member", member);
        if (around < 0 || around > MAX_AROUND) {
            throw new HttpException(400, "around must be 0 to " + MAX_AROUND);
        }
        String id = kept(board, period);
        CompletableFuture<List<Object>> reply = standing.run(new String[] {key(board, id)}, member, Integer.toString(around));
        return RedisCall.of(STORE, reply).then(values -> {
            if (values.isEmpty()) {
                throw new HttpException(404, member + " has no entry on " + board.name() + " for " + id);
            }
            List<Entry> window = rank((Long) values.get(0), (Long) values.get(1), values.subList(2, values.size()));
            Entry own = window.stream().filter(entry -> entry.member().equals(member)).findFirst().orElseThrow();
            return new Standing(board.name(), id, member, own.score(), own.rank(), window);
        });
    }

    /** The period asked for, when the board still keeps it; null asks for the current one. */
    private String kept(Board board, String period) {
        String current = currentPeriod(board);
        if (period == null || period.isBlank() || period.equals(current)) {
            return current;
        }
        Instant start;
        Instant end;
        try {
            start = board.period().startOf(period, board.zone());
            end = board.period().endOf(period, board.zone());
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, e.getMessage());
        }
        Instant now = clock.instant();
        if (start.isAfter(now)) {
            throw new HttpException(404, board.name() + " has no period " + period + " yet");
        }
        if (!end.plus(board.retention()).isAfter(now)) {
            throw new HttpException(404, board.name() + " keeps a finished period for " + board.retention()
                    + "; " + period + " is gone");
        }
        return period;
    }

    private CompletableFuture<List<Entry>> readTop(String key) {
        return redis.commands().zrevrangeWithScores(key, 0, MAX_TOP - 1).toCompletableFuture().thenApply(values -> {
            List<Object> flat = new ArrayList<>(values.size() * 2);
            for (ScoredValue<String> value : values) {
                flat.add(value.getValue());
                flat.add(Long.toString((long) value.getScore()));
            }
            return rank(0, 1, flat);
        });
    }

    /** Entries from member, score pairs, best first, the first at {@code firstPosition} with {@code firstRank}. */
    private static List<Entry> rank(long firstPosition, long firstRank, List<Object> pairs) {
        List<Entry> entries = new ArrayList<>(pairs.size() / 2);
        for (int i = 0; i < pairs.size(); i += 2) {
            long score = (long) Double.parseDouble((String) pairs.get(i + 1));
            long rank;
            if (entries.isEmpty()) {
                rank = firstRank;
            } else {
                Entry previous = entries.getLast();
                rank = previous.score() == score ? previous.rank() : firstPosition + i / 2 + 1;
            }
            entries.add(new Entry(rank, (String) pairs.get(i), score));
        }
        return List.copyOf(entries);
    }

    private String key(Board board, String period) {
        return redis.key("lb:" + board.name() + ":" + period);
    }
}
