package io.shallot.examples.platform;

import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.PlatformSettings;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Section 三's middle platform ({@link DemoPlatform}) alone, on an embedded in-memory MongoDB and an
 * embedded Redis (or the one in {@code REDIS_URL}). Runs until Ctrl-C.
 */
public final class PlatformDemo {
    private PlatformDemo() {
    }

    public static int run(PrintStream out, int port) throws InterruptedException {
        String external = System.getenv("REDIS_URL");
        RedisSettings settings = RedisSettings.defaults().withPrefix("shallot:platform-demo:");
        Redis redis = Redis.start(external == null || external.isBlank() ? settings : settings.withUri(external));
        Mongo mongo;
        DemoPlatform platform;
        try {
            mongo = Mongo.start(MongoSettings.defaults());
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        try {
            platform = DemoPlatform.start(mongo, redis, port, PlatformSettings.defaults());
        } catch (RuntimeException e) {
            mongo.close();
            redis.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHooks.add("shallot-platform-shutdown", () -> {
            out.println("stopping...");
            platform.close();
            mongo.close();
            redis.close();
            stopped.countDown();
        });
        out.println("Shallot middle platform (section 三) on " + redis + " and " + mongo + ":");
        printTry(out, "http://127.0.0.1:" + platform.port());
        out.println("Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    /** A request to try on each of the four services, against {@code base}. */
    public static void printTry(PrintStream out, String base) {
        String json = "-H 'Content-Type: application/json' ";
        out.println("  config:       curl -s '" + base + "/v1/configs/home?version=2.1.0&device=ios&region=CN&lang=zh-CN'");
        out.println("  feedback:     curl -s " + json + "-d '{\"platform\":\"ios\",\"appVersion\":\"2.1.0\",\"category\":\"bug\",\"content\":\"crash on launch\"}' "
                + base + "/v1/feedback");
        out.println("                curl -s " + base + "/v1/admin/feedback/stats");
        out.println("  messages:     curl -s " + json + "-d '{\"to\":{\"users\":[\"u1\"]},\"category\":\"system\",\"title\":\"Hello\",\"body\":\"Welcome\"}' "
                + base + "/v1/admin/messages");
        out.println("                curl -s " + base + "/v1/users/u1/badges    (live: curl -N " + base + "/v1/users/u1/events)");
        out.println("  diagnostics:  curl -s " + json + "-d '{\"target\":{\"deviceId\":\"d1\"},\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"crash\"}' "
                + base + "/v1/admin/diagnostics/pulls");
        out.println("                curl -s '" + base + "/v1/diagnostics/pulls?deviceId=d1'");
    }
}
