package io.shallot.examples.ops;

import io.shallot.mvc.cache.Redis;
import io.shallot.ops.OpsApp;
import io.shallot.ops.leaderboard.Board;
import io.shallot.ops.leaderboard.Leaderboards;
import io.shallot.ops.leaderboard.Mode;
import io.shallot.ops.leaderboard.Period;
import io.shallot.ops.vote.Activity;
import io.shallot.ops.vote.Votes;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demos' operations activities: an all-time best-score board {@code runs}, a weekly points
 * board {@code weekly-points}, and the vote {@code best-feature}, open for 30 days from today
 * (UTC) with three votes per user a day.
 */
public final class DemoOps {
    private DemoOps() {
    }

    /** Serves them on {@code 127.0.0.1:port} (0: any free port) with their state in {@code redis}. */
    public static HttpServer start(Redis redis, int port) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Leaderboards leaderboards = Leaderboards.of(redis, List.of(Board.of("runs", Mode.BEST),
                Board.of("weekly-points", Mode.SUM).withPeriod(Period.WEEKLY)));
        Votes votes = Votes.of(redis, List.of(new Activity("best-feature", List.of("loop", "router", "gateway"),
                today, today.plus(Duration.ofDays(30)), 3, true)));
        return OpsApp.create(leaderboards, votes).listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port));
    }
}
