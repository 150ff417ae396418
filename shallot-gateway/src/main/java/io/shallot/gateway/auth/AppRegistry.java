package io.shallot.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.shallot.gateway.GatewayApp;
import io.shallot.gateway.auth.internal.AppRecord;
import io.shallot.gateway.auth.internal.AppStore;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.data.Mongo;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps, as this process sees them: MongoDB behind a local Caffeine cache that every gateway
 * process keeps in step through Redis pub/sub.
 *
 * <h2>Staying in step</h2>
 * A change made through the admin API is written to MongoDB, dropped from this process's cache,
 * then published as the appid on the channel {@code <redis prefix>gateway:apps:changed}. Every
 * registry subscribed to it drops that entry, so its next request reads the change: a change
 * takes effect everywhere as fast as a Redis message travels. Two things bound what a missed
 * message can cost:
 * <ul>
 *   <li>after a Redis reconnect Lettuce subscribes again, and each (re)subscription drops the
 *       whole cache, since messages published while disconnected are lost;</li>
 *   <li>entries expire after {@link AuthSettings#appCacheTtl()} anyway, which covers the time the
 *       channel itself is down.</li>
 * </ul>
 * Unknown appids are cached as such too (creating the app publishes like any change). Concurrent
 * lookups of one appid share one MongoDB read, whichever loop they come from.
 *
 * <p>Threading: thread-safe; call {@link #app} on a loop thread, its promise settles there.
 * {@link #start} blocks while it subscribes: call it at startup. Errors: a MongoDB failure rejects
 * the lookup (with {@link io.shallot.mvc.data.DataException}) and is not cached.
 */
public final class AppRegistry implements AutoCloseable {
    static final String CHANNEL = "gateway:apps:changed";
    private static final Logger LOG = LoggerFactory.getLogger(AppRegistry.class);
    private static final long MAX_CACHED_APPS = 100_000;

    private final AppStore store;
    private final Redis redis;
    private final String channel;
    private final AsyncCache<String, Optional<AppRecord>> cache;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    private AppRegistry(AppStore store, Redis redis, AuthSettings settings) {
        this.store = store;
        this.redis = redis;
        this.channel = redis.key(CHANNEL);
        // cache upkeep runs on the thread that triggers it (a loop, for a few microseconds) rather
        // than being handed to the common pool, which woke a pool thread every few requests
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(MAX_CACHED_APPS)
                .expireAfterWrite(settings.appCacheTtl().toNanos(), TimeUnit.NANOSECONDS)
                .buildAsync();
        this.subscription = redis.pubSub();
    }

    /** Opens the apps collection of {@code mongo}'s database and subscribes to changes on {@code redis}. */
    public static AppRegistry start(Mongo mongo, Redis redis, AuthSettings settings) {
        Objects.requireNonNull(settings, "settings");
        AppRegistry registry = new AppRegistry(new AppStore(Objects.requireNonNull(mongo, "mongo")),
                Objects.requireNonNull(redis, "redis"), settings);
        try {
            registry.subscribe();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private void subscribe() {
        AtomicBoolean first = new AtomicBoolean(true);
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String appid) {
                if (channel.equals(from)) {
                    drop(appid);
                }
            }

            @Override
            public void subscribed(String to, long count) {
                if (channel.equals(to) && !first.getAndSet(false)) {
                    cache.synchronous().invalidateAll();
                    LOG.info("subscribed again to {} after a Redis reconnect; dropped every cached app, since changes"
                            + " published meanwhile were missed", to);
                }
            }
        });
        subscription.sync().subscribe(channel);
    }

    /** The app, or null when there is none. */
    public Promise<GatewayApp> app(String appid) {
        return record(appid).then(found -> found == null ? null : found.app());
    }

    /** The stored app with its sealed secrets, or null; an appid that could not exist is not looked up. */
    Promise<AppRecord> record(String appid) {
        Loop loop = Loop.current();
        if (!AppSpec.isAppid(appid)) {
            return Promise.resolve(loop, null);
        }
        CompletableFuture<Optional<AppRecord>> lookup = cache.get(appid,
                (id, executor) -> store.find(id).then(Optional::ofNullable).toCompletableFuture());
        return Promise.from(loop, lookup).then(found -> found.orElse(null));
    }

    /**
     * Tells every process that {@code appid} changed: drops it here at once, then publishes. A
     * failed publish is logged, not raised (the change is already stored); other processes then
     * see it within {@link AuthSettings#appCacheTtl()}.
     */
    Promise<Void> changed(String appid) {
        Loop loop = Loop.current();
        drop(appid);
        CompletableFuture<Long> published;
        try {
            published = redis.commands().publish(channel, appid).toCompletableFuture();
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return Promise.from(loop, published).then(receivers -> (Void) null, error -> {
            LOG.warn("could not publish the change of app {} on {} ({}); other gateway processes see it when their"
                    + " cached copy expires", appid, channel, error.toString());
            return null;
        });
    }

    AppStore store() {
        return store;
    }

    private void drop(String appid) {
        cache.synchronous().invalidate(appid);
    }

    /** Unsubscribes; the Redis and MongoDB connections belong to the caller. */
    @Override
    public void close() {
        subscription.close();
    }

    @Override
    public String toString() {
        return "AppRegistry[" + AppStore.COLLECTION + ", channel " + channel + "]";
    }
}
