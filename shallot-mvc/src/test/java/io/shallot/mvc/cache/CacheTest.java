package io.shallot.mvc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.internal.EmbeddedRedis;
import io.shallot.mvc.data.OnLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheTest {
    record User(String id, String name) {
    }

    private final RedisFixture fixture = new RedisFixture();
    private final AtomicInteger loads = new AtomicInteger();
    private final List<Set<String>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void deleteKeys() {
        fixture.close();
    }

    private Cache<User> cache(CacheSettings settings) {
        return Cache.create(fixture.redis, "users", settings, User.class);
    }

    private Promise<User> load(String id) {
        loads.incrementAndGet();
        return Promise.resolve(id.startsWith("unknown") ? null : new User(id, "user " + id));
    }

    private Promise<Map<String, User>> loadAll(Set<String> ids) {
        batches.add(ids);
        Map<String, User> found = new HashMap<>();
        ids.stream().filter(id -> !id.startsWith("unknown")).forEach(id -> found.put(id, new User(id, "user " + id)));
        return Promise.resolve(found);
    }

    private static Promise<User> later(Loop loop, double ms, User value) {
        Deferred<User> deferred = Promise.defer(loop);
        loop.setTimeout(() -> deferred.resolve(value), ms);
        return deferred.promise();
    }

    @Test
    void loadsOnceThenAnswersFromTheLocalLevel() {
        Cache<User> cache = cache(CacheSettings.defaults());

        User first = OnLoop.run(loop -> cache.get("1", this::load));
        User second = OnLoop.run(loop -> cache.get("1", this::load));

        assertThat(first).isEqualTo(new User("1", "user 1")).isSameAs(second);
        assertThat(loads).hasValue(1);
    }

    @Test
    void anotherProcessReadsTheValueFromRedisAsJson() throws Exception {
        OnLoop.run(loop -> cache(CacheSettings.defaults()).get("1", this::load));
        Cache<User> elsewhere = cache(CacheSettings.defaults());

        User read = OnLoop.run(loop -> elsewhere.get("1", this::load));

        assertThat(read).isEqualTo(new User("1", "user 1"));
        assertThat(loads).hasValue(1);
        assertThat(fixture.raw("users:1")).isEqualTo("{\"id\":\"1\",\"name\":\"user 1\"}");
    }

    @Test
    void fiftyConcurrentGetsOnFiveLoopsCauseOneLoad() throws Exception {
        Cache<User> cache = cache(CacheSettings.defaults());
        List<Loop> loops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            loops.add(Loop.start());
        }
        CountDownLatch done = new CountDownLatch(50);
        ConcurrentLinkedQueue<User> results = new ConcurrentLinkedQueue<>();
        Function<String, Promise<User>> slowLoader = id -> {
            loads.incrementAndGet();
            return later(Loop.current(), 200, new User(id, "slow"));
        };
        try {
            for (int i = 0; i < 50; i++) {
                loops.get(i % 5).execute(() -> cache.get("42", slowLoader).thenAccept(user -> {
                    results.add(user);
                    done.countDown();
                }));
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            loops.forEach(Loop::shutdown);
        }
        assertThat(loads).hasValue(1);
        assertThat(results).hasSize(50).containsOnly(new User("42", "slow"));
    }

    @Test
    void valuesExpireFromEachLevelAfterItsTtl() throws Exception {
        Cache<User> cache = cache(CacheSettings.defaults().withLocalTtl(Duration.ofMillis(200)).withTtl(Duration.ofMillis(1500)));

        OnLoop.run(loop -> cache.get("1", this::load));
        long written = System.nanoTime();
        Thread.sleep(300);
        OnLoop.run(loop -> cache.get("1", this::load));
        assertThat(loads).as("local level expired, Redis still had it").hasValue(1);

        Thread.sleep(Math.max(0, 1700 - (System.nanoTime() - written) / 1_000_000));
        OnLoop.run(loop -> cache.get("1", this::load));
        assertThat(loads).as("both levels expired").hasValue(2);
    }

    @Test
    void notFoundIsRememberedInBothLevelsForTheNegativeTtl() throws Exception {
        CacheSettings settings = CacheSettings.defaults().withNegativeTtl(Duration.ofMillis(400));
        Cache<User> cache = cache(settings);

        User missing = OnLoop.run(loop -> cache.get("unknown-1", this::load));
        OnLoop.run(loop -> cache.get("unknown-1", this::load));
        OnLoop.run(loop -> cache(settings).get("unknown-1", this::load));

        assertThat(missing).isNull();
        assertThat(loads).hasValue(1);
        assertThat(fixture.raw("users:unknown-1")).isEqualTo("null");

        Thread.sleep(600);
        OnLoop.run(loop -> cache.get("unknown-1", this::load));
        assertThat(loads).hasValue(2);
    }

    @Test
    void invalidateRemovesTheKeyFromBothLevels() throws Exception {
        Cache<User> cache = cache(CacheSettings.defaults());
        OnLoop.run(loop -> cache.get("1", this::load));

        OnLoop.run(loop -> cache.invalidate("1"));

        assertThat(fixture.raw("users:1")).isNull();
        OnLoop.run(loop -> cache.get("1", this::load));
        assertThat(loads).hasValue(2);
    }

    @Test
    void getAllCallsTheLoaderOnceWithExactlyTheKeysNeitherLevelHad() throws Exception {
        Cache<User> cache = cache(CacheSettings.defaults());
        OnLoop.run(loop -> cache.get("a", this::load));
        fixture.putRaw("users:b", "{\"id\":\"b\",\"name\":\"from redis\",\"added\":\"later\"}");

        Map<String, User> found = OnLoop.run(loop -> cache.getAll(List.of("d", "a", "unknown-c", "b", "a"), this::loadAll));

        assertThat(batches).containsExactly(Set.of("d", "unknown-c"));
        assertThat(found.keySet()).containsExactly("d", "a", "b");
        assertThat(found.get("b")).isEqualTo(new User("b", "from redis"));
        assertThat(fixture.raw("users:d")).isEqualTo("{\"id\":\"d\",\"name\":\"user d\"}");
        assertThat(fixture.raw("users:unknown-c")).isEqualTo("null");

        Map<String, User> again = OnLoop.run(loop -> cache.getAll(List.of("a", "b", "unknown-c", "d"), this::loadAll));
        assertThat(batches).hasSize(1);
        assertThat(again).isEqualTo(found);
    }

    @Test
    void getAllWaitsForKeysAlreadyBeingLoadedInsteadOfLoadingThemAgain() {
        Cache<User> cache = cache(CacheSettings.defaults());

        Map<String, User> found = OnLoop.run(loop -> {
            Promise<User> single = cache.get("x", id -> {
                loads.incrementAndGet();
                return later(loop, 150, new User("x", "single"));
            });
            return cache.getAll(List.of("x", "y"), this::loadAll).compose(all -> single.then(s -> all));
        });

        assertThat(batches).containsExactly(Set.of("y"));
        assertThat(loads).hasValue(1);
        assertThat(found).containsEntry("x", new User("x", "single")).containsEntry("y", new User("y", "user y"));
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndIsNotCached() {
        Cache<User> cache = cache(CacheSettings.defaults());
        IllegalStateException boom = new IllegalStateException("user service down");

        List<Throwable> errors = OnLoop.run(loop -> {
            Function<String, Promise<User>> failing = id -> {
                loads.incrementAndGet();
                Deferred<User> deferred = Promise.defer(loop);
                loop.setTimeout(() -> deferred.reject(boom), 50);
                return deferred.promise();
            };
            List<Promise<Throwable>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(cache.get("1", failing).then(u -> (Throwable) null, e -> e));
            }
            return Promise.all(all);
        });
        User recovered = OnLoop.run(loop -> cache.get("1", this::load));

        assertThat(errors).containsExactly(boom, boom, boom);
        assertThat(recovered).isEqualTo(new User("1", "user 1"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void anUnreadableRedisValueIsReloaded() throws Exception {
        fixture.putRaw("users:1", "{not json");
        Cache<User> cache = cache(CacheSettings.defaults());

        User user = OnLoop.run(loop -> cache.get("1", this::load));

        assertThat(user).isEqualTo(new User("1", "user 1"));
        assertThat(loads).hasValue(1);
        assertThat(fixture.raw("users:1")).isEqualTo("{\"id\":\"1\",\"name\":\"user 1\"}");
    }

    @Test
    void whenRedisIsDownTheLoaderAnswersAndTheOutageIsLoggedOnce() throws Exception {
        EmbeddedRedis server = EmbeddedRedis.start();
        int port = server.port();
        String prefix = "test:down:";
        try (Redis redis = Redis.start(new RedisSettings(server.uri(), prefix, Duration.ofMillis(300)))) {
            Cache<User> cache = Cache.create(redis, "users", CacheSettings.defaults(), User.class);
            OnLoop.run(loop -> cache.get("1", this::load));

            server.close();
            User whileDown = OnLoop.run(loop -> cache.get("2", this::load));
            OnLoop.run(loop -> cache.get("3", this::load));
            Map<String, User> batch = OnLoop.run(loop -> cache.getAll(List.of("4", "5"), this::loadAll));

            assertThat(whileDown).isEqualTo(new User("2", "user 2"));
            assertThat(batch).containsOnlyKeys("4", "5");
            assertThat(loads).hasValue(3);
            assertThat(batches).containsExactly(Set.of("4", "5"));
            assertThat(redis.available()).isFalse();
            assertThat(redis.outage().outages()).isEqualTo(1);

            server = EmbeddedRedis.start(port);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                OnLoop.run(loop -> cache.get("probe-" + System.nanoTime(), this::load));
                return redis.available();
            });
            OnLoop.run(loop -> cache.get("6", this::load));
            await().atMost(Duration.ofSeconds(5)).until(() -> "{\"id\":\"6\",\"name\":\"user 6\"}"
                    .equals(redis.commands().get(prefix + "users:6").get(1, TimeUnit.SECONDS)));
            assertThat(redis.outage().outages()).isEqualTo(1);
        } finally {
            server.close();
        }
    }
}
