package io.shallot.gateway.user;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.shallot.gateway.user.internal.LocalRevocations;
import io.shallot.gateway.user.internal.RevocationStore;
import io.shallot.gateway.user.internal.SerialReads;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revoked end users: an operator blocks a user now (a stolen account, abuse) rather than when the
 * user's tokens expire. A revocation says: every token of user {@code sub} issued before
 * {@code before} is refused. {@code before} defaults to now and may lie up to
 * {@link UserSettings#maxTokenLifetime()} ahead, a temporary ban: tokens issued until then are
 * refused too. A token without {@code iat} cannot be placed in time, so it is refused while its user
 * has a revocation in force. {@code iat} is the login service's clock, to the second: a token it
 * issues in the second of {@code before} is refused, and one it issued just before a revocation
 * escapes it when that clock runs ahead of the gateway's ({@code before} a little ahead covers that).
 *
 * <h2>Where revocations live</h2>
 * In Redis under its prefix, one key per user, {@code gateway:users:revoked:<sub>} holding
 * {@code before} in epoch milliseconds, which expires when it can no longer matter:
 * {@code before + maxTokenLifetime + clockSkew}, when every token issued before it has expired. A
 * change is announced on the channel {@code gateway:users:revoked} with the sub, in the same Lua
 * script that stores it.
 *
 * <h2>Staying in step</h2>
 * Every gateway process keeps all revocations in force in memory, so the request path makes no
 * Redis call: {@link #start} reads them all (SCAN); a message makes the process read that user's
 * key again; each (re)subscription after a Redis reconnect reads them all again, since messages
 * published while disconnected are lost. Revocations are few (operators set them), so reading them
 * all is cheap. A local entry is dropped when it expires, as its key does. Reads run one after
 * another, so a slow full read never undoes what a later message read; one that fails (Redis still
 * coming back) is followed by a full read a second later, and again until one succeeds.
 *
 * <p>Threading: thread-safe. {@link #refuses} runs on request loops without blocking;
 * {@link #revoke}, {@link #find} and {@link #lift} are called on a loop thread and settle there.
 * {@link #start} blocks while it subscribes and reads: call it at startup. Errors: the admin calls
 * reject with Lettuce's exception when Redis fails, and throw {@link IllegalArgumentException} on
 * bad input before touching anything.
 */
public final class UserRevocations implements AutoCloseable {
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(UserRevocations.class);

    /**
     * A revocation in force.
     *
     * @param sub       the user
     * @param before    tokens issued before this instant are refused (millisecond precision)
     * @param expiresAt when it stops mattering and its key expires
     */
    public record Revocation(String sub, Instant before, Instant expiresAt) {
    }

    private final RevocationStore store;
    private final LocalRevocations local;
    private final Clock clock;
    private final Duration maxAhead;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final SerialReads reads;

    private UserRevocations(Redis redis, UserSettings settings, Clock clock) {
        this.store = new RevocationStore(redis);
        this.local = new LocalRevocations(clock, settings.maxTokenLifetime().plus(settings.clockSkew()));
        this.clock = clock;
        this.maxAhead = settings.maxTokenLifetime();
        this.reads = new SerialReads("the user revocations in Redis", () -> store.readAll().thenAccept(local::replace),
                CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS));
        this.subscription = redis.pubSub();
    }

    /** Subscribes on {@code redis} and reads every revocation; the clock is the system's. */
    public static UserRevocations start(Redis redis, UserSettings settings) {
        return start(redis, settings, Clock.systemUTC());
    }

    /**
     * Subscribes on {@code redis} and reads every revocation.
     *
     * @param clock decides what "now" is and when revocations expire here
     * @throws IllegalStateException when the revocations cannot be read
     */
    public static UserRevocations start(Redis redis, UserSettings settings, Clock clock) {
        UserRevocations revocations = new UserRevocations(Objects.requireNonNull(redis, "redis"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
        try {
            revocations.subscribe();
            revocations.reads.everything().join();
        } catch (CompletionException e) {
            revocations.close();
            throw new IllegalStateException("could not read the user revocations from Redis", e.getCause());
        } catch (RuntimeException e) {
            revocations.close();
            throw e;
        }
        return revocations;
    }

    /** The sub, when it can be a user's; else {@link IllegalArgumentException} naming the field. */
    public static String requireSub(String sub) {
        if (!GatewayUser.isId(sub)) {
            throw new IllegalArgumentException("sub must be 1 to 128 visible ASCII characters, as a user token's sub");
        }
        return sub;
    }

    /** Whether a revocation in force refuses the token {@code user} comes from; no I/O. */
    public boolean refuses(GatewayUser user) {
        Instant before = local.before(user.id());
        return before != null && (user.issuedAt() == null || user.issuedAt().isBefore(before));
    }

    /**
     * Revokes {@code sub}'s tokens issued before {@code before} (null: now), replacing any revocation
     * of {@code sub} in force. Fulfils once it is stored and announced, and in force here.
     *
     * @throws IllegalArgumentException when {@code sub} is malformed, {@code before} lies more than
     *                                  {@code maxTokenLifetime} ahead, or so far back that no token
     *                                  it could refuse is still good
     */
    public Promise<Revocation> revoke(String sub, Instant before) {
        requireSub(sub);
        Instant now = clock.instant();
        Instant from = (before == null ? now : before).truncatedTo(ChronoUnit.MILLIS);
        if (from.isAfter(now.plus(maxAhead))) {
            throw new IllegalArgumentException("before must be at most maxTokenLifetime (" + maxAhead + ") from now, got "
                    + from);
        }
        Instant expiresAt = local.expiresAt(from);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("before must be later than now minus maxTokenLifetime and clockSkew: every"
                    + " token issued before " + from + " has expired");
        }
        return Promise.from(Loop.current(), store.write(sub, from, Duration.between(now, expiresAt))).then(ok -> {
            local.set(sub, from);
            return new Revocation(sub, from, expiresAt);
        });
    }

    /** {@code sub}'s revocation as stored in Redis, or null when none is in force. */
    public Promise<Revocation> find(String sub) {
        requireSub(sub);
        return Promise.from(Loop.current(), store.read(sub))
                .then(before -> before == null ? null : new Revocation(sub, before, local.expiresAt(before)));
    }

    /** Lifts {@code sub}'s revocation everywhere; fulfils with whether one was in force. */
    public Promise<Boolean> lift(String sub) {
        requireSub(sub);
        return Promise.from(Loop.current(), store.delete(sub)).then(existed -> {
            local.set(sub, null);
            return existed;
        });
    }

    /** How many revocations are in force in this process. */
    int inForce() {
        return local.size();
    }

    private void subscribe() {
        AtomicBoolean first = new AtomicBoolean(true);
        String channel = store.channel();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String sub) {
                if (channel.equals(from)) {
                    reads.run(() -> store.read(sub).thenAccept(before -> local.set(sub, before)));
                }
            }

            @Override
            public void subscribed(String to, long count) {
                if (channel.equals(to) && !first.getAndSet(false)) {
                    LOG.info("subscribed again to {} after a Redis reconnect; reading every user revocation again, since"
                            + " changes published meanwhile were missed", to);
                    reads.everything();
                }
            }
        });
        subscription.sync().subscribe(channel);
    }

    /** Unsubscribes; the Redis connection belongs to the caller. */
    @Override
    public void close() {
        reads.close();
        subscription.close();
    }

    @Override
    public String toString() {
        return "UserRevocations[channel " + store.channel() + "]";
    }
}
