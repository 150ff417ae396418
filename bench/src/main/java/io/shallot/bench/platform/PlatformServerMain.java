package io.shallot.bench.platform;

import io.shallot.examples.platform.DemoPlatform;
import io.shallot.loop.ShutdownHooks;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.PlatformSettings;
import java.util.concurrent.CountDownLatch;

/**
 * The Shallot side of {@code bench/platform.sh}: exactly the demo's middle platform
 * ({@link DemoPlatform#start}, what {@code bin/shallot demo platform} serves, with its Redis prefix
 * {@code shallot:platform-demo:}), but on the MongoDB at the given URI instead of the embedded
 * in-memory one {@code PlatformDemo} starts (it takes no MongoDB URI), so that Shallot and the Koa
 * peer read the same config rules from the same MongoDB process.
 *
 * <p>Usage: {@code PlatformServerMain <mongodb-uri> <redis-uri> <port>}. Prints
 * {@code READY http://127.0.0.1:<port>} once serving; runs until terminated.
 */
public final class PlatformServerMain {
    private PlatformServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PlatformServerMain <mongodb-uri> <redis-uri> <port>");
            System.exit(2);
        }
        Redis redis = Redis.start(RedisSettings.defaults().withPrefix("shallot:platform-demo:").withUri(args[1]));
        Mongo mongo = Mongo.start(MongoSettings.defaults().withUri(args[0]));
        DemoPlatform platform = DemoPlatform.start(mongo, redis, Integer.parseInt(args[2]), PlatformSettings.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHooks.add("bench-platform-shutdown", () -> {
            platform.close();
            mongo.close();
            redis.close();
            stopped.countDown();
        });
        System.out.println("READY http://127.0.0.1:" + platform.port() + " on " + redis + " and " + mongo);
        System.out.flush();
        stopped.await();
    }
}
