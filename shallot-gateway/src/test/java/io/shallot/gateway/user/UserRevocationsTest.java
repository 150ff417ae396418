package io.shallot.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.lettuce.core.SetArgs;
import io.shallot.gateway.TestRedis;
import io.shallot.gateway.auth.LogCapture;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.testing.MutableClock;
import io.shallot.testing.OnLoop;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Revocations on the test Redis, on a clock the test moves (set to the real time, which Redis' TTLs follow). */
class UserRevocationsTest {
    private static final String KEY = "gateway:users:revoked:";
    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Duration SKEW = Duration.ofSeconds(10);
    private static final UserSettings SETTINGS = UserSettings.of(TestTokens.ISSUER,
            List.of(TestTokens.hs256("k1", TestTokens.secret(32)))).withMaxTokenLifetime(LIFETIME).withClockSkew(SKEW);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final TestRedis redis = new TestRedis();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final UserRevocations revocations = start(redis.redis);

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        redis.close();
    }

    private UserRevocations start(Redis on) {
        UserRevocations started = UserRevocations.start(on, SETTINGS, clock);
        closing.add(started);
        return started;
    }

    private static GatewayUser user(String id, Instant issuedAt) {
        return new GatewayUser(id, issuedAt, Instant.now().plus(Duration.ofHours(1)));
    }

    private UserRevocations.Revocation revoke(UserRevocations on, String sub, Instant before) {
        return OnLoop.run(loop -> on.revoke(sub, before));
    }

    private UserRevocations.Revocation find(String sub) {
        return OnLoop.run(loop -> revocations.find(sub));
    }

    private static boolean lift(UserRevocations on, String sub) {
        return OnLoop.run(loop -> on.lift(sub));
    }

    private String stored(String sub) throws Exception {
        return redis.redis.commands().get(redis.redis.key(KEY + sub)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void refusesTheTokensIssuedBeforeItAndThoseWithoutIat() {
        Instant now = clock.instant();
        UserRevocations.Revocation revoked = revoke(revocations, "ann", null);

        assertThat(revoked).isEqualTo(new UserRevocations.Revocation("ann", now, now.plus(LIFETIME).plus(SKEW)));
        assertThat(revocations.refuses(user("ann", now.minusSeconds(1)))).isTrue();
        assertThat(revocations.refuses(user("ann", now.minusMillis(1)))).isTrue();
        assertThat(revocations.refuses(user("ann", null))).isTrue();
        assertThat(revocations.refuses(user("ann", now))).isFalse();
        assertThat(revocations.refuses(user("ann", now.plusSeconds(1)))).isFalse();
        assertThat(revocations.refuses(user("bob", now.minusSeconds(1)))).isFalse();
        assertThat(revocations.refuses(user("bob", null))).isFalse();
    }

    @Test
    void theKeyHoldsBeforeAndLivesUntilEveryTokenItCouldRefuseHasExpired() throws Exception {
        Instant before = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        revoke(revocations, "ann", before);
        revoke(revocations, "bob", null);

        assertThat(stored("ann")).isEqualTo(Long.toString(before.toEpochMilli()));
        assertThat(stored("bob")).isEqualTo(Long.toString(clock.instant().toEpochMilli()));
        long ann = redis.redis.commands().pttl(redis.redis.key(KEY + "ann")).get(5, TimeUnit.SECONDS);
        long bob = redis.redis.commands().pttl(redis.redis.key(KEY + "bob")).get(5, TimeUnit.SECONDS);
        long untilBefore = Duration.between(Instant.now(), before).toMillis();
        assertThat(ann).isCloseTo(untilBefore + LIFETIME.plus(SKEW).toMillis(), within(5_000L));
        assertThat(bob).isCloseTo(LIFETIME.plus(SKEW).toMillis(), within(5_000L));
    }

    @Test
    void aFutureBeforeIsATemporaryBanOfAtMostMaxTokenLifetime() {
        Instant later = clock.instant().plus(LIFETIME);
        revoke(revocations, "ann", later);

        assertThat(revocations.refuses(user("ann", clock.instant()))).isTrue();
        assertThat(revocations.refuses(user("ann", later.minusSeconds(1)))).isTrue();
        assertThat(revocations.refuses(user("ann", later))).isFalse();
    }

    @Test
    void refusesBadInputAndStoresNothing() throws Exception {
        assertThatThrownBy(() -> revocations.revoke("ann", clock.instant().plus(LIFETIME).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("before must be at most maxTokenLifetime (PT2H) from now, got ");
        assertThatThrownBy(() -> revocations.revoke("ann", clock.instant().minus(LIFETIME).minus(SKEW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("before must be later than now minus maxTokenLifetime and clockSkew");
        for (String sub : new String[] {"", "a b", "é", "x".repeat(129), null}) {
            assertThatThrownBy(() -> revocations.revoke(sub, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sub must be 1 to 128 visible ASCII characters, as a user token's sub");
            assertThatThrownBy(() -> revocations.lift(sub)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> revocations.find(sub)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(redis.redis.commands().keys(redis.prefix + "*").get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(revocations.inForce()).isZero();
    }

    @Test
    void aLocalEntryIsDroppedWhenItsKeyExpires() {
        revoke(revocations, "ann", null);
        Instant expiresAt = clock.instant().plus(LIFETIME).plus(SKEW);

        clock.set(expiresAt.minusMillis(1));
        assertThat(revocations.refuses(user("ann", null))).isTrue();
        assertThat(revocations.inForce()).isEqualTo(1);
        clock.set(expiresAt);
        assertThat(revocations.refuses(user("ann", null))).isFalse();
        assertThat(revocations.inForce()).isZero();

        revoke(revocations, "bob", null);
        clock.advance(LIFETIME.plus(SKEW));
        assertThat(revocations.inForce()).isZero();
    }

    @Test
    void theProcessThatMakesAChangeEnforcesItWhenTheCallFulfilsWithoutWaitingForTheMessage() {
        UserRevocations deaf = start(redis.redis);
        deaf.close();

        revoke(deaf, "ann", null);
        assertThat(deaf.refuses(user("ann", null))).isTrue();
        lift(deaf, "ann");
        assertThat(deaf.refuses(user("ann", null))).isFalse();
    }

    @Test
    void findsAndLiftsWhatIsStored() {
        Instant now = clock.instant();
        assertThat(find("ann")).isNull();
        revoke(revocations, "ann", null);

        assertThat(find("ann"))
                .isEqualTo(new UserRevocations.Revocation("ann", now, now.plus(LIFETIME).plus(SKEW)));
        assertThat(lift(revocations, "ann")).isTrue();
        assertThat(revocations.refuses(user("ann", null))).isFalse();
        assertThat(lift(revocations, "ann")).isFalse();
        assertThat(find("ann")).isNull();
    }

    @Test
    void startReadsEveryStoredRevocationPageByPage() throws Exception {
        String before = Long.toString(clock.instant().toEpochMilli());
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            writes.add(redis.redis.commands().set(redis.redis.key(KEY + "user-" + i), before, SetArgs.Builder.px(60_000))
                    .toCompletableFuture());
        }
        writes.add(redis.redis.commands().set(redis.redis.key(KEY + "gone"),
                Long.toString(clock.instant().minus(LIFETIME).minus(SKEW).toEpochMilli())).toCompletableFuture());
        writes.add(redis.redis.commands().set(redis.redis.key(KEY + "garbled"), "soon").toCompletableFuture());
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        UserRevocations other;
        String logged;
        try (LogCapture log = new LogCapture()) {
            other = start(redis.redis);
            logged = log.text();
        }

        assertThat(other.inForce()).isEqualTo(1_200);
        assertThat(other.refuses(user("user-0", null))).isTrue();
        assertThat(other.refuses(user("user-1199", clock.instant().minusSeconds(1)))).isTrue();
        assertThat(other.refuses(user("gone", null))).isFalse();
        assertThat(other.refuses(user("garbled", null))).isFalse();
        assertThat(logged).contains("holds 'soon', not epoch milliseconds; it is ignored");
    }

    @Test
    void aPrefixWithGlobCharactersIsMatchedLiterally() throws Exception {
        Redis globbed = Redis.start(redis.settings().withPrefix(redis.prefix + "[a]*?\\:"));
        closing.add(globbed);
        globbed.commands().set(globbed.key(KEY + "ann"), Long.toString(clock.instant().toEpochMilli()))
                .get(5, TimeUnit.SECONDS);

        assertThat(start(globbed).refuses(user("ann", null))).isTrue();
    }

    @Test
    void aChangeThroughOneProcessReachesTheOther() {
        Redis own = Redis.start(redis.settings());
        closing.add(own);
        UserRevocations other = start(own);

        revoke(revocations, "ann", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> other.refuses(user("ann", null)));
        lift(other, "ann");
        await().atMost(Duration.ofSeconds(10)).until(() -> !revocations.refuses(user("ann", null)));
    }

    @Test
    void afterAResubscriptionEveryRevocationIsReadAgain() throws Exception {
        // a private server: killing its pub/sub clients touches no other test's
        Redis own = Redis.start(RedisSettings.defaults().withPrefix("test:revocations:" + UUID.randomUUID() + ":")
                .withTimeout(Duration.ofSeconds(10)));
        closing.add(own);
        UserRevocations alone = start(own);
        revoke(alone, "bob", null);
        // written behind the process's back, announced to nobody: as if it happened while disconnected
        own.commands().set(own.key(KEY + "ann"), Long.toString(clock.instant().toEpochMilli())).get(5, TimeUnit.SECONDS);
        own.commands().del(own.key(KEY + "bob")).get(5, TimeUnit.SECONDS);
        assertThat(alone.refuses(user("ann", null))).isFalse();
        assertThat(alone.refuses(user("bob", null))).isTrue();

        assertThat(own.commands().clientKill(KillArgs.Builder.typePubsub()).get(5, TimeUnit.SECONDS)).isEqualTo(1);

        await("every revocation read again once resubscribed").atMost(Duration.ofSeconds(20))
                .until(() -> alone.refuses(user("ann", null)) && !alone.refuses(user("bob", null)));
        assertThat(alone.inForce()).isEqualTo(1);

        own.commands().set(own.key(KEY + "cy"), Long.toString(clock.instant().toEpochMilli())).get(5, TimeUnit.SECONDS);
        own.commands().publish(own.key("gateway:users:revoked"), "cy").get(5, TimeUnit.SECONDS);
        await("messages heard again").atMost(Duration.ofSeconds(20)).until(() -> alone.refuses(user("cy", null)));
    }
}
