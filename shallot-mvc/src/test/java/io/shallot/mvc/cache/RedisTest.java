package io.shallot.mvc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.shallot.mvc.data.OnLoop;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RedisTest {
    @Test
    void helpersPrefixKeysAndSettleOnTheLoop() throws Exception {
        try (RedisFixture fixture = new RedisFixture()) {
            Redis redis = fixture.redis;
            List<String> threads = new ArrayList<>();
            String[] loopThread = new String[1];

            List<String> values = OnLoop.run(loop -> {
                loopThread[0] = Thread.currentThread().getName();
                return redis.set("a", "1", Duration.ofMinutes(1))
                        .compose(ok -> redis.set("b", "2", Duration.ofMinutes(1)))
                        .compose(ok -> redis.mget(List.of("a", "missing", "b")))
                        .then(v -> {
                            threads.add(Thread.currentThread().getName());
                            return v;
                        });
            });

            assertThat(values).containsExactly("1", null, "2");
            assertThat(threads).containsExactly(loopThread[0]);
            assertThat(fixture.raw("a")).isEqualTo("1");
            assertThat(redis.commands().get("a").get()).isNull();
            long deleted = OnLoop.run(loop -> redis.del("a", "b", "missing"));
            String gone = OnLoop.run(loop -> redis.get("a"));
            assertThat(deleted).isEqualTo(2);
            assertThat(gone).isNull();
            assertThat(redis.available()).isTrue();
        }
    }

    @Test
    void helpersRefuseCallsOffTheLoopBeforeSendingAnything() {
        try (RedisFixture fixture = new RedisFixture()) {
            assertThatThrownBy(() -> fixture.redis.set("x", "1", Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no event loop on thread");
            assertThat(fixture.raw("x")).isNull();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void setExpiresAfterItsTtl() throws Exception {
        try (RedisFixture fixture = new RedisFixture()) {
            OnLoop.run(loop -> fixture.redis.set("short", "x", Duration.ofMillis(100)));
            Thread.sleep(300);

            assertThat(fixture.raw("short")).isNull();
        }
    }

    @Test
    void pubSubHearsWhatTheSharedConnectionPublishesAndClosesWithTheInstance() throws Exception {
        StatefulRedisPubSubConnection<String, String> subscriber;
        try (RedisFixture fixture = new RedisFixture()) {
            Redis redis = fixture.redis;
            String channel = redis.key("events");
            List<String> heard = new CopyOnWriteArrayList<>();
            subscriber = redis.pubSub();
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    heard.add(from + "=" + message);
                }
            });
            subscriber.sync().subscribe(channel);

            long receivers = redis.commands().publish(channel, "hello").get(5, TimeUnit.SECONDS);

            assertThat(receivers).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains(channel + "=hello"));
            assertThat(subscriber.isOpen()).isTrue();
        }
        assertThat(subscriber.isOpen()).isFalse();
    }

    @Test
    void startsAnEmbeddedServerBoundToLoopback() {
        try (Redis redis = Redis.start(RedisSettings.defaults())) {
            assertThat(redis.embedded()).isTrue();
            assertThat(redis.address()).startsWith("127.0.0.1:");
            String value = OnLoop.run(loop -> redis.set("k", "v", Duration.ofSeconds(5)).compose(ok -> redis.get("k")));
            assertThat(value).isEqualTo("v");
        }
    }

    @Test
    void failsToStartWhenTheServerCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> Redis.start(RedisSettings.defaults().withUri("redis://127.0.0.1:" + closedPort)))
                .isInstanceOf(RedisConnectionException.class)
                .hasMessageContaining("127.0.0.1");
    }
}
