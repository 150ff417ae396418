package io.shallot.platform.inbox;

import static io.shallot.platform.inbox.internal.Store.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.SetArgs;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.platform.inbox.internal.Checks;
import io.shallot.platform.inbox.internal.Counts;
import io.shallot.platform.inbox.internal.EventHub;
import io.shallot.platform.inbox.internal.InboxKeys;
import io.shallot.platform.inbox.internal.InboxScripts;
import io.shallot.platform.inbox.internal.Marks;
import io.shallot.platform.inbox.internal.Message;
import io.shallot.platform.inbox.internal.Outgoing;
import io.shallot.platform.inbox.internal.Pages;
import io.shallot.platform.inbox.internal.Ticks;
import io.shallot.platform.inbox.internal.Tidier;
import io.shallot.platform.inbox.internal.UserState;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The push system (推送系统): messages, unread counts, red dots and message lists, all in Redis,
 * so any number of processes serve the same users and agree.
 *
 * <p><b>Messages.</b> A direct message goes to listed users: it is stored once and its id is
 * written into each user's inbox (fan-out on write). A broadcast goes to a topic and is stored
 * once in the topic (fan-out on read); every user follows {@value #ALL}, and the other topics of
 * the settings by {@link #follow}. A user's inbox, and a topic, keep the newest
 * {@link InboxSettings#maxInbox()} messages. A message lives {@code ttlDays} (1-90, default 30):
 * from its expiry it leaves lists and counts.
 *
 * <p><b>Read state and counts.</b> Direct messages carry their own read flag and each category
 * an unread count, changed together by one Lua script per write, so counts always equal the
 * unread messages an inbox holds, under any concurrency. Broadcasts are read by cursor: each
 * followed topic has a time up to which the user has read it ({@code all}-read moves it to the
 * newest broadcast seen), plus a small set of broadcasts read one by one (by id or by category),
 * newer than the cursor, capped and expiring. A broadcast's unread count is ZCOUNT over the
 * topic's category list above the cursor, less those read one by one. Expired broadcasts leave
 * their topic at the next send, or at a read at most a second (by this instance's clock) after
 * the last tidy.
 *
 * <p><b>Red dots</b> are feature hints apart from messages, on paths like
 * {@code me.settings.update}: a dot lights its ancestors ({@code me}, {@code me.settings}) until
 * the last dot under them is cleared; clearing a path clears every dot under it too. Each dot
 * expires after {@link InboxSettings#dotTtl()}; a user has at most {@value #MAX_DOTS}.
 *
 * <p><b>Real time.</b> Every change is published on the user's channel (a broadcast on its
 * topic's); {@link #events} subscribes to them through this instance's one pub/sub connection.
 *
 * <p><b>Deleting.</b> A direct message leaves the user's inbox; a broadcast stays in its topic
 * for everyone else and is hidden, and read, for the user who deleted it.
 *
 * <p><b>Storage bounds.</b> Every key expires: a message at its expiry; a user's and a topic's
 * keys 91 days (the longest a message lives, plus a day) after their last write, or for a user's
 * follows, cursors, read and deleted broadcasts after their last read; dots after their
 * time-to-live. Sizes are bounded by the caps above; the sets of broadcasts read one by one and
 * deleted hold at most twice what the followed topics keep, the oldest leaving first.
 *
 * <p><b>Errors.</b> Promises reject with an {@link HttpException}, and a refusal writes nothing:
 * bad input 400 naming the field, an unknown message 404, too many dots 409, too many event
 * streams or Redis unavailable 503. Users are taken as given: the caller authenticates them.
 *
 * <p>Thread-safe. Call it on a loop thread; its promises settle on that loop.
 */
public final class Inbox implements AutoCloseable {
    /** The topic every user follows. */
    public static final String ALL = "all";
    public static final int MAX_LIMIT = 100;
    public static final int MAX_READ_IDS = 100;
    public static final int MAX_DOTS = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redis redis;
    private final Clock clock;
    private final InboxSettings settings;
    private final InboxKeys keys;
    private final InboxScripts scripts;
    private final Ticks ticks;
    private final EventHub hub;
    private final Counts counts;
    private final Pages pages;
    private final Marks marks;

    /** Connects this instance's pub/sub connection: call it at startup. */
    public Inbox(Redis redis, Clock clock, InboxSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new InboxKeys(redis, settings.categories());
        this.scripts = new InboxScripts(redis);
        this.ticks = new Ticks(clock);
        Tidier tidier = new Tidier(keys, scripts);
        this.counts = new Counts(redis, keys, settings, tidier);
        this.pages = new Pages(redis, keys, settings, tidier);
        this.marks = new Marks(redis, keys, scripts, settings);
        this.hub = new EventHub(redis, settings.maxStreams());
    }

    public InboxSettings settings() {
        return settings;
    }

    /**
     * Sends a message, given as the admin API's JSON: {@code to} ({@code {"users": [uid, ...]}} or
     * {@code {"topic": "all"}}), {@code category}, {@code title} (1-120 characters), {@code body}
     * (at most 2,000), optional {@code link} (at most 512: http(s) or an app link
     * {@code scheme:...}) and {@code ttlDays} (1-90, default 30).
     */
    public Promise<Sent> send(JsonNode json) {
        return Promise.attempt(() -> {
            Outgoing out = Outgoing.parse(json, settings);
            long tick = ticks.next();
            long expiresAt = Ticks.millisOf(tick) + Duration.ofDays(out.ttlDays()).toMillis();
            Message message = new Message(Ticks.id(tick), out.category(), out.title(), out.body(), out.link(), tick,
                    expiresAt, out.topic());
            long now = clock.millis();
            long ttl = Math.max(1, expiresAt - now);
            return call(redis.commands().set(keys.message(message.id()), message.stored(), SetArgs.Builder.px(ttl)))
                    .compose(ok -> out.topic() != null ? broadcast(message, now) : deliver(message, out.users(), now));
        });
    }

    /**
     * A page of {@code uid}'s messages, direct and from followed topics, newest first: at most
     * {@code limit} (1-{@value #MAX_LIMIT}), of {@code category} when not null, older than the
     * cursor {@code before} (a page's {@code next}) when not null.
     */
    public Promise<Page> list(String uid, String category, int limit, String before) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            if (category != null) {
                Checks.category(category, settings.categories());
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new HttpException(400, "limit must be one integer from 1 to " + MAX_LIMIT);
            }
            if (before != null && !Ticks.validTick(before)) {
                throw new HttpException(400, "before must be a page's next cursor");
            }
            long now = clock.millis();
            InboxKeys.User user = keys.user(uid);
            return state(user, now).compose(state -> pages.page(user, state, category, limit, before == null ? null : Long.parseLong(before), now));
        });
    }

    /** {@code uid}'s unread counts and lit dots. */
    public Promise<Badges> badges(String uid) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            long now = clock.millis();
            return state(keys.user(uid), now).compose(state -> counts.badges(state, now));
        });
    }

    /** Marks messages read for {@code uid}; the new badges. Any id {@code uid} cannot see: 404, nothing marked. */
    public Promise<Badges> markRead(String uid, Read what) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            Objects.requireNonNull(what, "what");
            long now = clock.millis();
            InboxKeys.User user = keys.user(uid);
            Promise<Long> marked = switch (what) {
                case Read.Ids ids -> marks.markIds(user, uid, Marks.checkIds(ids.ids()), now);
                case Read.Category c -> marks.markCategory(user, Checks.category(c.category(), settings.categories()), now);
                case Read.All all -> marks.markAll(user, now);
            };
            return marked.compose(ignored -> changed(uid));
        });
    }

    /**
     * Deletes a message for {@code uid}: a direct one leaves the inbox; a broadcast stays in its
     * topic for everyone else but leaves this user's lists and counts. The new badges; a message
     * {@code uid} does not see (or deleted already): 404.
     */
    public Promise<Badges> delete(String uid, String id) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            Checks.messageId("id", id);
            InboxKeys.User user = keys.user(uid);
            return call(scripts.delete(user, id))
                    .compose(deleted -> deleted ? Promise.resolve(true) : marks.hide(user, uid, id, clock.millis()))
                    .compose(ignored -> changed(uid));
        });
    }

    /** Lights the dot at {@code path} (and so its ancestors) for {@code uid}; the new badges. */
    public Promise<Badges> setDot(String uid, String path) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            Checks.dotPath(path);
            return call(scripts.setDot(keys.user(uid), path, clock.millis(), settings.dotTtl(), MAX_DOTS)).compose(set -> {
                if (!set) {
                    throw new HttpException(409, uid + " has " + MAX_DOTS + " red dots already; clear some first");
                }
                return changed(uid);
            });
        });
    }

    /** Clears the dot at {@code path} and every dot under it for {@code uid}; the new badges. */
    public Promise<Badges> clearDot(String uid, String path) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            Checks.dotPath(path);
            return call(scripts.clearDot(keys.user(uid), path, clock.millis())).compose(ignored -> changed(uid));
        });
    }

    /**
     * Makes {@code uid} follow {@code topic} (one of the settings' topics; {@value #ALL} is followed
     * always). Broadcasts the topic holds already count as read. Fulfils with true.
     */
    public Promise<Boolean> follow(String uid, String topic) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            if (ALL.equals(topic)) {
                return Promise.resolve(true);
            }
            Checks.topic(topic, settings.topics());
            InboxKeys.User user = keys.user(uid);
            return marks.newest(topic).compose(tick -> call(scripts.follow(user, topic, true, tick)))
                    .compose(ignored -> changed(uid)).then(badges -> true);
        });
    }

    /** Makes {@code uid} stop following {@code topic}; {@value #ALL} cannot be unfollowed. Fulfils with false. */
    public Promise<Boolean> unfollow(String uid, String topic) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            if (ALL.equals(topic)) {
                throw new HttpException(400, "topic " + ALL + " is followed by every user and cannot be unfollowed");
            }
            Checks.topic(topic, settings.topics());
            return call(scripts.follow(keys.user(uid), topic, false, 0))
                    .compose(ignored -> changed(uid)).then(badges -> false);
        });
    }

    /**
     * Streams {@code uid}'s events to {@code listener} on the current loop: a message sent to the
     * user or to a topic the user follows, and a hint whenever the badges may have changed.
     * Fulfils once subscribed (nothing published later is missed); rejects with a 503 beyond
     * {@link InboxSettings#maxStreams()} streams on this instance. Close the subscription when done.
     */
    public Promise<Subscription> events(String uid, Consumer<InboxEvent> listener) {
        return Promise.attempt(() -> {
            Checks.uid(uid);
            Objects.requireNonNull(listener, "listener");
            List<String> channels = new ArrayList<>();
            channels.add(keys.userChannel(uid));
            settings.allTopics().forEach(topic -> channels.add(keys.topicChannel(topic)));
            return hub.subscribe(channels, (channel, payload) -> hear(uid, channel, payload, listener))
                    .then(subscriber -> (Subscription) subscriber::close);
        });
    }

    /** How many event streams this instance serves now. */
    int activeStreams() {
        return hub.subscribers();
    }

    /** Closes the pub/sub connection; every event stream hears {@link InboxEvent.Kind#CLOSED}. */
    @Override
    public void close() {
        hub.close();
    }

    // ---------------------------------------------------------------- sending

    private Promise<Sent> deliver(Message message, List<String> users, long now) {
        List<Promise<Boolean>> deliveries = new ArrayList<>(users.size());
        for (String uid : users) {
            deliveries.add(call(scripts.deliver(keys.user(uid), message, now, settings.maxInbox())));
        }
        String event = messageEvent(message);
        return Promise.all(deliveries).compose(done -> {
            List<Promise<Long>> published = new ArrayList<>(users.size());
            for (String uid : users) {
                published.add(call(redis.commands().publish(keys.userChannel(uid), event)));
            }
            return Promise.all(published);
        }).then(ignored -> new Sent(message.id(), users.size(), null));
    }

    private Promise<Sent> broadcast(Message message, long now) {
        String topic = message.topic();
        int category = settings.categories().indexOf(message.category());
        return call(scripts.broadcast(keys.topic(topic), message, category, now, settings.maxInbox()))
                .compose(added -> call(redis.commands().publish(keys.topicChannel(topic), messageEvent(message))))
                .then(ignored -> new Sent(message.id(), 0, topic));
    }

    private static String messageEvent(Message message) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "message");
        event.set("message", message.view());
        return event.toString();
    }

    /** Tells the user's streams to read the badges again, then reads them for the caller. */
    private Promise<Badges> changed(String uid) {
        return call(redis.commands().publish(keys.userChannel(uid), EventHub.RESYNC)).compose(ignored -> badges(uid));
    }

    private Promise<UserState> state(InboxKeys.User user, long now) {
        return call(scripts.state(user, now));
    }

    // ---------------------------------------------------------------- events

    private void hear(String uid, String channel, String payload, Consumer<InboxEvent> listener) {
        if (channel == null) {
            listener.accept(new InboxEvent(InboxEvent.Kind.CLOSED, null));
            return;
        }
        InboxEvent event = parse(payload);
        String topic = keys.topicOf(channel);
        if (event == null) {
            return;
        }
        if (topic == null || topic.equals(ALL)) {
            listener.accept(event);
            return;
        }
        // a lookup that fails drops the event; the next badges read catches up
        call(redis.commands().sismember(keys.user(uid).topics(), topic)).then(follows -> {
            if (follows) {
                listener.accept(event);
            }
            return null;
        }).recover(error -> null);
    }

    private static InboxEvent parse(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if ("message".equals(node.path("type").textValue()) && node.get("message") instanceof ObjectNode message) {
                return new InboxEvent(InboxEvent.Kind.MESSAGE, message);
            }
            return new InboxEvent(InboxEvent.Kind.BADGES, null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
