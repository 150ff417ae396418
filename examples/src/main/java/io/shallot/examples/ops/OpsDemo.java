package io.shallot.examples.ops;

import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.web.server.HttpServer;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Section 三's operations activities ({@link DemoOps}) alone, on an embedded Redis (or the one in
 * {@code REDIS_URL}). Runs until Ctrl-C.
 */
public final class OpsDemo {
    private OpsDemo() {
    }

    public static int run(PrintStream out, int port) throws InterruptedException {
        String external = System.getenv("REDIS_URL");
        RedisSettings settings = RedisSettings.defaults().withPrefix("shallot:ops-demo:");
        Redis redis = Redis.start(external == null || external.isBlank() ? settings : settings.withUri(external));
        HttpServer server;
        try {
            server = DemoOps.start(redis, port);
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
