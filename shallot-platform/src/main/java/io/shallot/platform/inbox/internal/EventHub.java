package io.shallot.platform.inbox.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisCall;
import io.shallot.web.HttpException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * One Redis pub/sub connection fanned out to this process's subscribers, each on its own loop.
 * A channel is subscribed in Redis while at least one local subscriber wants it, and unsubscribed
 * when the last one leaves, so Redis sends this process only what someone here listens to.
 *
 * <p>After Lettuce reconnects it subscribes the channels again; whatever was published meanwhile
 * is lost, so each subscriber of a channel subscribed again hears {@link #RESYNC} and reads
 * afresh. When the hub closes, each subscriber hears a null channel once.
 *
 * <p>Thread-safe: Lettuce calls in on its own threads; subscribers are called on their loops.
 */
public final class EventHub implements AutoCloseable {
    /** The payload a subscriber hears when it may have missed messages. */
    public static final String RESYNC = "{\"type\":\"badges\"}";
    private static final String STORE = "the event channel";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final int maxSubscribers;
    private final Map<String, Set<Subscriber>> channels = new HashMap<>();
    private final Map<String, CompletableFuture<Void>> confirmed = new HashMap<>();
    private int subscribers;
    private boolean closed;

    public EventHub(Redis redis, int maxSubscribers) {
        this.maxSubscribers = maxSubscribers;
        this.connection = redis.pubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                deliver(channel, payload);
            }

            @Override
            public void subscribed(String channel, long count) {
                EventHub.this.subscribed(channel);
            }
        });
    }

    /** One subscriber: its channels, its loop and its listener (channel, payload). */
    public final class Subscriber implements AutoCloseable {
        private final Loop loop;
        private final List<String> wanted;
        private final BiConsumer<String, String> listener;
        private boolean open = true;

        private Subscriber(Loop loop, List<String> wanted, BiConsumer<String, String> listener) {
            this.loop = loop;
            this.wanted = wanted;
            this.listener = listener;
        }

        /** Leaves every channel; idempotent, from any thread. */
        @Override
        public void close() {
            leave(this);
        }

        private void hear(String channel, String payload) {
            try {
                loop.execute(() -> {
                    if (open || channel == null) {
                        listener.accept(channel, payload);
                    }
                });
            } catch (RejectedExecutionException e) {
                close();
            }
        }
    }

    /**
     * Subscribes {@code listener} on the current loop to {@code wanted}; fulfils once Redis has
     * confirmed every channel, so nothing published afterwards is missed. Rejects with a 503 when
     * the hub already serves as many subscribers as allowed, or Redis cannot be reached.
     */
    public Promise<Subscriber> subscribe(List<String> wanted, BiConsumer<String, String> listener) {
        Loop loop = Loop.current();
        Subscriber subscriber = new Subscriber(loop, List.copyOf(wanted), listener);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            if (closed || subscribers >= maxSubscribers) {
                // a load limit, not a fault: the client is told so, and nothing is logged as an error
                return Promise.reject(loop, new HttpException(503, -1, "too many event streams here; try again later",
                        Map.of("Retry-After", RETRY_AFTER_SECONDS), null, true));
            }
            subscribers++;
            List<String> fresh = new ArrayList<>();
            for (String channel : subscriber.wanted) {
                if (channels.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(subscriber)
                        && channels.get(channel).size() == 1) {
                    fresh.add(channel);
                }
            }
            if (!fresh.isEmpty()) {
                // Lettuce completes a SUBSCRIBE of several channels on the first one's reply: each
                // channel counts as subscribed on its own confirmation, heard by the listener
                fresh.forEach(channel -> confirmed.put(channel, new CompletableFuture<>()));
                connection.async().subscribe(fresh.toArray(String[]::new)).toCompletableFuture()
                        .whenComplete((ok, error) -> {
                            if (error != null) {
                                refused(fresh, error);
                            }
                        });
            }
            for (String channel : subscriber.wanted) {
                pending.add(confirmed.get(channel));
            }
        }
        return RedisCall.of(STORE, CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)))
                .then(ok -> subscriber, error -> {
                    subscriber.close();
                    throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
                });
    }

    /** How many subscribers are listening now. */
    public synchronized int subscribers() {
        return subscribers;
    }

    private void leave(Subscriber subscriber) {
        List<String> gone = new ArrayList<>();
        synchronized (this) {
            if (!subscriber.open) {
                return;
            }
            subscriber.open = false;
            subscribers--;
            for (String channel : subscriber.wanted) {
                Set<Subscriber> set = channels.get(channel);
                if (set != null && set.remove(subscriber) && set.isEmpty()) {
                    channels.remove(channel);
                    confirmed.remove(channel);
                    gone.add(channel);
                }
            }
            if (!gone.isEmpty() && !closed) {
                connection.async().unsubscribe(gone.toArray(String[]::new));
            }
        }
    }

    private void deliver(String channel, String payload) {
        List<Subscriber> listeners;
        synchronized (this) {
            Set<Subscriber> set = channels.get(channel);
            listeners = set == null ? List.of() : new ArrayList<>(set);
        }
        listeners.forEach(subscriber -> subscriber.hear(channel, payload));
    }

    /**
     * A channel's first confirmation completes its subscription; another one is Lettuce subscribing
     * it again after a reconnect.
     */
    private void subscribed(String channel) {
        CompletableFuture<Void> done;
        synchronized (this) {
            done = confirmed.get(channel);
        }
        if (done != null && !done.complete(null)) {
            deliver(channel, RESYNC);
        }
    }

    private void refused(List<String> channels, Throwable error) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        synchronized (this) {
            channels.forEach(channel -> {
                CompletableFuture<Void> done = confirmed.get(channel);
                if (done != null) {
                    failed.add(done);
                }
            });
        }
        failed.forEach(done -> done.completeExceptionally(error));
    }

    @Override
    public void close() {
        List<Subscriber> all = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            channels.values().forEach(all::addAll);
        }
        all.stream().distinct().forEach(subscriber -> subscriber.hear(null, null));
        connection.close();
    }
}
