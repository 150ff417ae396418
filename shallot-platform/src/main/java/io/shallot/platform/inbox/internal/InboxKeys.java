package io.shallot.platform.inbox.internal;

import io.shallot.mvc.cache.Redis;
import java.util.List;

/**
 * Where the inbox lives in Redis, every key and channel under the Redis prefix. A user's keys are
 * {@code inbox:u:{<uid>}:...} and a topic's {@code inbox:t:{<topic>}:...}: the braces make the
 * user (or topic) a hash tag, so on a Redis Cluster a script touching one user's keys finds them
 * in one slot. A message's content is {@code inbox:m:<id>}, in a slot of its own.
 */
public final class InboxKeys {
    private final Redis redis;
    private final List<String> categories;

    public InboxKeys(Redis redis, List<String> categories) {
        this.redis = redis;
        this.categories = categories;
    }

    /** One user's keys. */
    public record User(String box, String meta, String unread, String expiry, String dots, String topics,
                       String cursors, String read, String hidden) {
        /** The keys of deliver.lua and delete.lua. */
        public String[] inbox() {
            return new String[] {box, meta, unread, expiry};
        }

        /** The keys of state.lua. */
        public String[] state() {
            return new String[] {box, meta, unread, expiry, dots, topics, cursors, read, hidden};
        }

        /** The keys of read.lua. */
        public String[] reading() {
            return new String[] {meta, unread, read, cursors};
        }

        /** The keys of follow.lua. */
        public String[] following() {
            return new String[] {topics, cursors, read};
        }

        /** The keys of hide.lua. */
        public String[] hiding() {
            return new String[] {read, cursors, hidden};
        }
    }

    public User user(String uid) {
        String base = redis.key("inbox:u:{" + uid + "}:");
        return new User(base + "box", base + "meta", base + "unread", base + "expiry", base + "dots", base + "topics",
                base + "cursors", base + "read", base + "hidden");
    }

    /** The zset of every broadcast of {@code topic}. */
    public String topicAll(String topic) {
        return redis.key("inbox:t:{" + topic + "}:all");
    }

    /** The zset of {@code topic}'s broadcasts in {@code category}. */
    public String topicCategory(String topic, String category) {
        return redis.key("inbox:t:{" + topic + "}:c:" + category);
    }

    /** The keys of broadcast.lua: every broadcast, expiry, then one per category in the settings' order. */
    public String[] topic(String topic) {
        String[] keys = new String[2 + categories.size()];
        keys[0] = topicAll(topic);
        keys[1] = redis.key("inbox:t:{" + topic + "}:expiry");
        for (int i = 0; i < categories.size(); i++) {
            keys[2 + i] = topicCategory(topic, categories.get(i));
        }
        return keys;
    }

    public String message(String id) {
        return redis.key("inbox:m:" + id);
    }

    public String userChannel(String uid) {
        return redis.key("inbox:events:u:" + uid);
    }

    public String topicChannel(String topic) {
        return redis.key("inbox:events:t:" + topic);
    }

    /** The user a {@link #userChannel} belongs to, or null for another channel. */
    public String userOf(String channel) {
        String prefix = redis.key("inbox:events:u:");
        return channel.startsWith(prefix) ? channel.substring(prefix.length()) : null;
    }

    /** The topic a {@link #topicChannel} belongs to, or null for another channel. */
    public String topicOf(String channel) {
        String prefix = redis.key("inbox:events:t:");
        return channel.startsWith(prefix) ? channel.substring(prefix.length()) : null;
    }
}
