package io.shallot.mvc.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.internal.EmbeddedRedis;
import io.shallot.mvc.cache.internal.Outage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The process's connection to Redis (Lettuce, one pipelined connection shared by every loop), to
 * the server in {@link RedisSettings#uri()} or, when that is blank, to an embedded redis-server
 * started here on a free 127.0.0.1 port.
 *
 * <p>Keys: the helpers ({@link #get}, {@link #set}, {@link #mget}, {@link #del}) prepend
 * {@link RedisSettings#prefix()}; {@link #commands()} is Lettuce's raw API, which does not, so
 * build its keys with {@link #key}.
 *
 * <p>Threading: thread-safe. The helpers must be called on a loop thread; their promises settle
 * on that loop and keep {@code Loop.run} alive meanwhile. {@link #start} blocks (it connects);
 * call it at startup.
 *
 * <p>Errors: {@link #start} fails with {@link io.lettuce.core.RedisConnectionException} when the
 * server cannot be reached. Later, commands fail fast while the connection is down (Lettuce
 * reconnects in the background) and time out after {@link RedisSettings#timeout()}; promises
 * reject with Lettuce's exception. Outages are logged once each (see {@link #available()}).
 */
public final class Redis implements AutoCloseable {
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final RedisSettings settings;
    private final EmbeddedRedis embedded;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Outage outage;
    private final String address;

    private Redis(RedisSettings settings, EmbeddedRedis embedded, ClientResources resources, RedisClient client,
                  StatefulRedisConnection<String, String> connection, String address) {
        this.settings = settings;
        this.embedded = embedded;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.address = address;
        this.outage = new Outage(address, PROBE_INTERVAL.toNanos(), System::nanoTime);
    }

    public static Redis start(RedisSettings settings) {
        Objects.requireNonNull(settings, "settings");
        EmbeddedRedis embedded = settings.hasUri() ? null : EmbeddedRedis.start();
        ClientResources resources = null;
        RedisClient client = null;
        try {
            RedisURI uri = RedisURI.create(embedded == null ? settings.uri() : embedded.uri());
            uri.setTimeout(settings.timeout());
            resources = DefaultClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                    .build();
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout().multipliedBy(2)).build())
                    .build());
            StatefulRedisConnection<String, String> connection = client.connect();
            return new Redis(settings, embedded, resources, client, connection, uri.getHost() + ":" + uri.getPort());
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
            }
            if (resources != null) {
                resources.shutdown();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    /** Whether this instance started an embedded server. */
    public boolean embedded() {
        return embedded != null;
    }

    /** {@code host:port} of the server (no credentials). */
    public String address() {
        return address;
    }

    /** {@code name} with this instance's prefix: the key to use with {@link #commands()}. */
    public String key(String name) {
        return settings.prefix() + name;
    }

    /** Lettuce's asynchronous API on the shared connection; keys are not prefixed for you. */
    public RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    /**
     * A new publish/subscribe connection to the same server. Subscribing takes a connection of its
     * own, so the shared one stays free for commands. Lettuce reconnects it like the shared one and
     * subscribes it again to its channels afterwards; its listeners hear {@code subscribed} again
     * then, which is how a subscriber learns it may have missed messages. Channel names are not
     * prefixed for you (use {@link #key}). Closed by {@link #close} if the caller has not closed it.
     *
     * <p>Blocks while it connects; call it at startup.
     */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client.connectPubSub();
    }

    /** False during an outage: from a failed command until one succeeds again. */
    public boolean available() {
        return !outage.isDown();
    }

    /** The value at the prefixed {@code key}, or null. */
    public Promise<String> get(String key) {
        return track(commands -> commands.get(key(key)));
    }

    /** Sets the prefixed {@code key} to expire after {@code ttl} (millisecond precision). */
    public Promise<Void> set(String key, String value, Duration ttl) {
        return track(commands -> commands.set(key(key), value, SetArgs.Builder.px(ttl.toMillis()))).then(ok -> null);
    }

    /** The values at the prefixed {@code keys}, in order, null where absent. */
    public Promise<List<String>> mget(List<String> keys) {
        String[] prefixed = keys.stream().map(this::key).toArray(String[]::new);
        return track(commands -> commands.mget(prefixed))
                .then(values -> values.stream().map(kv -> kv.getValueOrElse(null)).toList());
    }

    /** Deletes the prefixed {@code keys}; fulfils with how many existed. */
    public Promise<Long> del(String... keys) {
        String[] prefixed = Arrays.stream(keys).map(this::key).toArray(String[]::new);
        return track(commands -> commands.del(prefixed));
    }

    Outage outage() {
        return outage;
    }

    /** Sends a command only once the caller is known to be on a loop, and records its outcome. */
    private <T> Promise<T> track(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        Loop loop = Loop.current();
        return Promise.from(loop, command.apply(commands()).whenComplete((value, error) -> outage.record(error)));
    }

    /** Closes the connection, the client's threads and the embedded server, if any. */
    @Override
    public void close() {
        try {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Redis[" + address + (embedded != null ? ", embedded" : "") + ", prefix " + settings.prefix() + "]";
    }
}
