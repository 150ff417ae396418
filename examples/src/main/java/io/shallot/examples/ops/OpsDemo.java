package io.shallot.examples.ops;

import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.ops.OpsApp;
import io.shallot.ops.leaderboard.Board;
import io.shallot.ops.leaderboard.Leaderboards;
import io.shallot.ops.leaderboard.Mode;
import io.shallot.ops.leaderboard.Period;
import io.shallot.ops.vote.Activity;
import io.shallot.ops.vote.Votes;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Section 三's operations activities on an embedded Redis (or the one in {@code REDIS_URL}): an
 * all-time best-score board, a weekly points board, and a vote open for 30 days with three votes
 * per user a day. Runs until Ctrl-C.
 */
public final class OpsDemo {
    private OpsDemo() {
    }

    public static int run(PrintStream out, int port) throws InterruptedException {
        String external = System.getenv("REDIS_URL");
        RedisSettings settings = RedisSettings.defaults().withPrefix("shallot:ops-demo:");
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Redis redis = Redis.start(external == null || external.isBlank() ? settings : settings.withUri(external));
        HttpServer server;
        try {
            Leaderboards leaderboards = Leaderboards.of(redis, List.of(Board.of("runs", Mode.BEST),
                    Board.of("weekly-points", Mode.SUM).withPeriod(Period.WEEKLY)));
            Votes votes = Votes.of(redis, List.of(new Activity("best-feature", List.of("loop", "router", "gateway"),
                    today, today.plus(Duration.ofDays(30)), 3, true)));
            server = OpsApp.create(leaderboards, votes).listen(ServerOptions.defaults().withPort(port));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHooks.add("shallot-ops-shutdown", () -> {
            out.println("stopping...");
            server.close();
            redis.close();
            stopped.countDown();
        });
        String base = "http://127.0.0.1:" + server.port();
        out.println("Shallot operations activities (section 三) on " + redis + ": " + base);
        out.println("  curl -s -H 'Content-Type: application/json' -d '{\"member\":\"ann\",\"score\":120}' " + base + "/v1/leaderboards/runs/scores");
        out.println("  curl -s '" + base + "/v1/leaderboards/runs?limit=10'");
        out.println("  curl -s '" + base + "/v1/leaderboards/runs/members/ann?around=2'");
        out.println("  curl -s -H 'Content-Type: application/json' -d '{\"user\":\"u1\",\"option\":\"loop\"}' " + base + "/v1/votes/best-feature/ballots");
        out.println("  curl -s " + base + "/v1/votes/best-feature");
        out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
