package io.shallot.gateway;

import static io.shallot.gateway.UserGateway.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes, as two JVMs would be: one MongoDB and one Redis, each process with its own
 * clients. The Redis server is this class's own, so that killing its pub/sub clients touches no
 * other test's.
 */
class RevocationSyncIT {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String KEY = "gateway:users:revoked:";

    private static Mongo mongo;
    private static Mongo otherMongo;
    private static Redis redis;
    private static Redis otherRedis;
    private static UserGateway first;
    private static UserGateway second;
    private static String app;

    @BeforeAll
    static void start() {
        mongo = Mongo.start(MongoSettings.defaults());
        otherMongo = Mongo.start(MongoSettings.defaults().withUri(mongo.connectionString()));
        RedisSettings settings = RedisSettings.defaults().withPrefix("test:revocation-sync:" + UUID.randomUUID() + ":")
                .withTimeout(Duration.ofSeconds(10));
        redis = Redis.start(settings);
        otherRedis = Redis.start(settings.withUri("redis://" + redis.address()));
        first = new UserGateway(mongo, redis);
        second = new UserGateway(otherMongo, otherRedis);
        app = first.appToken("sync-app");
    }

    @AfterAll
    static void stop() {
        try {
            second.close();
            first.close();
        } finally {
            otherRedis.close();
            redis.close();
            otherMongo.close();
            mongo.close();
        }
    }

    @Test
    void aRevocationThroughOneProcessIsEnforcedByTheOtherAndSoIsItsLifting() {
        String token = user("ann", Instant.now().minusSeconds(10));
        assertThat(second.ret(app, token)).isZero();
        assertThat(first.ret(app, token)).isZero();

        assertThat(first.admin("PUT", "/admin/users/ann/revocation", "{}").statusCode()).isEqualTo(200);
        await().atMost(WITHIN).until(() -> second.ret(app, token) == 40112);

        assertThat(second.admin("DELETE", "/admin/users/ann/revocation", null).statusCode()).isEqualTo(204);
        await().atMost(WITHIN).until(() -> first.ret(app, token) == 0);
        assertThat(second.ret(app, token)).isZero();
    }

    @Test
    void afterLettuceResubscribesEveryProcessReadsWhatItMissed() throws Exception {
        String bobs = user("bob", Instant.now().minusSeconds(10));
        String cys = user("cy", Instant.now().minusSeconds(10));
        assertThat(second.admin("PUT", "/admin/users/cy/revocation", "{}").statusCode()).isEqualTo(200);
        await().atMost(WITHIN).until(() -> first.ret(app, cys) == 40112 && second.ret(app, cys) == 40112);
        // changed behind the processes' backs, announced to nobody: as if while they were disconnected
        redis.commands().set(redis.key(KEY + "bob"), Long.toString(Instant.now().toEpochMilli())).get(5, TimeUnit.SECONDS);
        redis.commands().del(redis.key(KEY + "cy")).get(5, TimeUnit.SECONDS);
        assertThat(first.ret(app, bobs)).isZero();
        assertThat(second.ret(app, cys)).isEqualTo(40112);

        // each process has two subscriptions: the apps' and the revocations'
        assertThat(redis.commands().clientKill(KillArgs.Builder.typePubsub()).get(5, TimeUnit.SECONDS)).isEqualTo(4);

        await("what was missed read again once resubscribed").atMost(Duration.ofSeconds(20))
                .until(() -> first.ret(app, bobs) == 40112 && second.ret(app, bobs) == 40112
                        && first.ret(app, cys) == 0 && second.ret(app, cys) == 0);
        assertThat(first.admin("DELETE", "/admin/users/bob/revocation", null).statusCode()).isEqualTo(204);
        await("changes heard again").atMost(WITHIN).until(() -> second.ret(app, bobs) == 0);
    }
}
