package io.shallot.gateway.limit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.shallot.gateway.Rate;
import io.shallot.gateway.StoppableRedis;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At most one limit call per app and loop is in flight: checks that arrive in later turns while it
 * is go together in one next call. A private redis-server, held with CLIENT PAUSE, makes "while
 * it is in flight" certain, and its command statistics count the calls.
 */
class CoalescingTest {
    private static final Rate HUNDRED_PER_MINUTE = new Rate(100, Duration.ofMinutes(1), 100);

    private final StoppableRedis server = new StoppableRedis();
    private final Redis redis = Redis.start(new RedisSettings(server.uri(), "test:coalescing:", Duration.ofSeconds(10)));
    private final Redis admin = Redis.start(new RedisSettings(server.uri(), "test:coalescing:", Duration.ofSeconds(10)));
    private final Loop loop = Loop.start();
    private final Limiter limiter = new Limiter(new RedisGcra(redis), null,
            new Availability(server.uri(), "requests are refused", TimeUnit.SECONDS.toNanos(1), System::nanoTime),
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    @AfterEach
    void close() {
        loop.shutdown().join();
        redis.close();
        admin.close();
        server.close();
    }

    @Test
    void checksArrivingInLaterTurnsWhileTheAppsCallIsInFlightGoInOneNextCall() throws Exception {
        decide(List.of(0L));
        long before = scriptCalls();

        client("PAUSE", "400", "WRITE");
        List<Decision> decisions = decide(List.of(0L, 20L, 40L, 60L));

        assertThat(decisions).allMatch(Decision::allowed);
        assertThat(decisions).extracting(d -> d.app().remaining()).containsExactly(98L, 97L, 96L, 95L);
        // the first check's call, then one for the three that came while it was held
        assertThat(scriptCalls() - before).isEqualTo(2);
    }

    /** One check of app a1 at each of the given delays (ms) on the loop; the decisions in that order. */
    private List<Decision> decide(List<Long> delaysMs) throws Exception {
        Ask ask = Ask.of("a1", "contents", null, HUNDRED_PER_MINUTE);
        CompletableFuture<List<Decision>> decided = new CompletableFuture<>();
        loop.execute(() -> {
            List<Promise<Decision>> checks = new ArrayList<>();
            for (long delay : delaysMs) {
                Deferred<Decision> check = Promise.defer(loop);
                checks.add(check.promise());
                loop.setTimeout(() -> check.resolveWith(limiter.acquire(loop, ask)), delay);
            }
            Promise.all(checks).toCompletableFuture().whenComplete((list, error) -> {
                if (error != null) {
                    decided.completeExceptionally(error);
                } else {
                    decided.complete(new ArrayList<>(list));
                }
            });
        });
        return decided.get(30, TimeUnit.SECONDS);
    }

    private long scriptCalls() throws Exception {
        String stats = admin.commands().info("commandstats").get(10, TimeUnit.SECONDS);
        long calls = 0;
        Matcher m = Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+)").matcher(stats);
        while (m.find()) {
            calls += Long.parseLong(m.group(1));
        }
        return calls;
    }

    private void client(String... args) throws Exception {
        CommandArgs<String, String> command = new CommandArgs<>(StringCodec.UTF8);
        for (String arg : args) {
            command.add(arg);
        }
        admin.commands().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), command).get(10, TimeUnit.SECONDS);
    }
}
