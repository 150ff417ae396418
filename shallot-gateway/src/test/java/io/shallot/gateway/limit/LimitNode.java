package io.shallot.gateway.limit;

import io.shallot.gateway.Identify;
import io.shallot.gateway.Rate;
import io.shallot.gateway.limit.LimitSettings.PlanRates;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.time.Duration;
import java.util.Map;

/**
 * One gateway process of {@link SharedLimitTest}: the rate-limit pipeline on 127.0.0.1, limiting
 * app {@code shared} through the Redis at {@code args[0]} under prefix {@code args[1]} to
 * {@code args[2]} requests per {@code args[3]} seconds per API with a burst of {@code args[4]}. Prints
 * {@code PORT <n>} once it listens and serves until its standard input closes.
 */
public final class LimitNode {
    private LimitNode() {
    }

    public static void main(String[] args) throws Exception {
        try (Redis redis = Redis.start(new RedisSettings(args[0], args[1], Duration.ofSeconds(2)));
             HttpServer server = listen(redis, new Rate(Long.parseLong(args[2]), Duration.ofSeconds(Long.parseLong(args[3])), Long.parseLong(args[4])))) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // keep serving until the parent closes our input or ends us
            }
        }
    }

    static HttpServer listen(Redis redis, Rate perApi) {
        // a loaded test machine can take longer than the 200 ms default, which would switch the
        // processes to their local fallback limiters: the one thing this test must not measure
        LimitSettings settings = LimitSettings.defaults()
                .withTimeout(Duration.ofSeconds(10))
                .withPlans(Map.of("default", PlanRates.of(Rate.perSecond(100_000), perApi, null)));
        App app = new App()
                .use(Identify.apps(Map.of("shared", Identify.app("shared", "default"), "warmup", Identify.app("warmup", "default"))))
                .use(RateLimit.create(redis, settings))
                .use((ctx, next) -> {
                    ctx.body("ok");
                    return next.run();
                });
        return app.listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(0).withLoops(1));
    }
}
