package io.shallot.ops.leaderboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.body.Inputs;
import io.shallot.web.router.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The leaderboards' HTTP API, envelopes all:
 * <ul>
 *   <li>{@code GET /v1/leaderboards} the boards and their current periods;</li>
 *   <li>{@code GET /v1/leaderboards/:board?limit=10&period=} the top entries (limit 1-100; a finished
 *       period by its id while the board keeps it);</li>
 *   <li>{@code GET /v1/leaderboards/:board/members/:member?around=2&period=} a member's rank and the
 *       entries around it (around 0-25), 404 when it has none;</li>
 *   <li>{@code POST /v1/leaderboards/:board/scores} with {@code {"member": "...", "score": 123}}: a
 *       score, an integer, for the current period.</li>
 * </ul>
 * Scores come from trusted servers (a game server, the gateway's upstreams): the service sits behind
 * the OPEN API gateway, which authenticates callers and grants the API.
 */
public final class LeaderboardRoutes {
    private final Leaderboards leaderboards;

    private LeaderboardRoutes(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    /** Adds the routes to {@code router}. */
    public static Router mount(Router router, Leaderboards leaderboards) {
        LeaderboardRoutes routes = new LeaderboardRoutes(leaderboards);
        return router
                .get("/v1/leaderboards", ctx -> Promise.resolve(ctx.loop(), routes.list()))
                .get("/v1/leaderboards/:board", routes::top)
                .get("/v1/leaderboards/:board/members/:member", routes::standing)
                .post("/v1/leaderboards/:board/scores", routes::submit);
    }

    private Envelope list() {
        List<Map<String, Object>> boards = leaderboards.boards().stream().map(board -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("board", board.name());
            view.put("mode", board.mode().name().toLowerCase(Locale.ROOT));
            view.put("period", leaderboards.currentPeriod(board));
            view.put("keep", board.keep());
            return view;
        }).toList();
        return Envelope.ok(Map.of("boards", boards));
    }

    private Promise<Envelope> top(Context ctx) {
        Board board = leaderboards.board(ctx.param("board"));
        String period = periodOf(ctx, board);
        int limit = Inputs.intQuery(ctx, "limit", 10, 1, Leaderboards.MAX_TOP);
        return leaderboards.top(board.name(), period, limit).then(entries -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("board", board.name());
            data.put("period", period);
            data.put("entries", entries);
            return Envelope.ok(data);
        });
    }

    private Promise<Envelope> standing(Context ctx) {
        Board board = leaderboards.board(ctx.param("board"));
        int around = Inputs.intQuery(ctx, "around", 2, 0, Leaderboards.MAX_AROUND);
        return leaderboards.standing(board.name(), ctx.query("period"), ctx.param("member"), around).then(Envelope::ok);
    }

    private Promise<Envelope> submit(Context ctx) {
        Board board = leaderboards.board(ctx.param("board"));
        return ctx.readBody().compose(body -> {
            JsonNode json = Inputs.object(body);
            String member = Inputs.text(json, "member");
            JsonNode score = json.get("score");
            if (score == null || !score.isIntegralNumber() || !score.canConvertToLong()) {
                throw new HttpException(400, "score must be an integer within +-" + Leaderboards.MAX_SCORE);
            }
            return leaderboards.submit(board.name(), member, score.longValue()).then(Envelope::ok);
        });
    }

    /** The period asked for, or the current one. */
    private String periodOf(Context ctx, Board board) {
        String period = ctx.query("period");
        return period == null || period.isBlank() ? leaderboards.currentPeriod(board) : period;
    }
}
