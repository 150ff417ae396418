package io.shallot.platform.inbox.internal;

import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The inbox's Lua scripts, one per write that touches more than one key (and the read that tidies
 * before it reads); each script's header says what it does. Every key a script touches belongs to
 * one user, or to one topic, so each runs in one Cluster slot.
 */
public final class InboxScripts {
    /**
     * How long a user's and a topic's keys live after their last write: the longest a message lives,
     * plus a day. A cursor that expires has outlived every broadcast it covered.
     */
    public static final Duration KEPT = Duration.ofDays(Outgoing.MAX_TTL_DAYS + 1);

    private final LuaScript deliver;
    private final LuaScript state;
    private final LuaScript read;
    private final LuaScript delete;
    private final LuaScript follow;
    private final LuaScript dots;
    private final LuaScript broadcast;
    private final LuaScript hide;

    public InboxScripts(Redis redis) {
        deliver = new LuaScript(redis, InboxScripts.class, "deliver.lua");
        state = new LuaScript(redis, InboxScripts.class, "state.lua");
        read = new LuaScript(redis, InboxScripts.class, "read.lua");
        delete = new LuaScript(redis, InboxScripts.class, "delete.lua");
        follow = new LuaScript(redis, InboxScripts.class, "follow.lua");
        dots = new LuaScript(redis, InboxScripts.class, "dots.lua");
        broadcast = new LuaScript(redis, InboxScripts.class, "broadcast.lua");
        hide = new LuaScript(redis, InboxScripts.class, "hide.lua");
    }

    /** Whether the message went in (false: the inbox had it already). */
    public CompletableFuture<Boolean> deliver(InboxKeys.User user, Message message, long now, int cap) {
        return deliver.run(user.inbox(), message.id(), Long.toString(message.tick()), message.category(),
                Long.toString(message.expiresAt()), Long.toString(now), Integer.toString(cap), kept())
                .thenApply(reply -> first(reply) == 1);
    }

    public CompletableFuture<Boolean> broadcast(String[] topicKeys, Message message, int categoryIndex, long now, int cap) {
        return broadcast.run(topicKeys, message.id(), Long.toString(message.tick()), Integer.toString(categoryIndex + 1),
                Long.toString(message.expiresAt()), Long.toString(now), Integer.toString(cap), kept())
                .thenApply(reply -> first(reply) == 1);
    }

    /** Drops a topic's expired broadcasts. */
    public CompletableFuture<Void> tidy(String[] topicKeys, long now) {
        return broadcast.run(topicKeys, "", "0", "1", "0", Long.toString(now), "1", kept()).thenApply(reply -> null);
    }

    public CompletableFuture<UserState> state(InboxKeys.User user, long now) {
        return state.run(user.state(), Long.toString(now), kept()).thenApply(UserState::decode);
    }

    /**
     * Marks messages read (read.lua has the rules).
     *
     * @param mode      none, ids, category or all, for direct messages
     * @param singles   broadcasts read one by one: 'topic/category/id' with their ticks
     * @param cursors   topics whose cursor moves up to a tick
     */
    public CompletableFuture<Long> read(InboxKeys.User user, String mode, String category, List<String> ids,
                                        List<UserState.Single> singles, List<UserState.Cursor> cursors, int readCap) {
        List<String> args = new ArrayList<>();
        args.add(kept());
        args.add(Integer.toString(readCap));
        args.add(mode);
        args.add(category == null ? "" : category);
        args.add(Integer.toString(ids.size()));
        args.addAll(ids);
        args.add(Integer.toString(singles.size()));
        for (UserState.Single single : singles) {
            args.add(Long.toString(single.tick()));
            args.add(single.member());
        }
        args.add(Integer.toString(cursors.size()));
        for (UserState.Cursor cursor : cursors) {
            args.add(cursor.topic());
            args.add(Long.toString(cursor.tick()));
        }
        return read.run(user.reading(), args.toArray(String[]::new)).thenApply(InboxScripts::first);
    }

    /** Whether the inbox held the message. */
    public CompletableFuture<Boolean> delete(InboxKeys.User user, String id) {
        return delete.run(user.inbox(), id).thenApply(reply -> first(reply) == 1);
    }

    /** Whether the broadcast was hidden now (false: it was hidden already). */
    public CompletableFuture<Boolean> hide(InboxKeys.User user, UserState.Single broadcast, int cap) {
        return hide.run(user.hiding(), Long.toString(broadcast.tick()), broadcast.member(), broadcast.id(),
                Integer.toString(cap), kept()).thenApply(reply -> first(reply) == 1);
    }

    public CompletableFuture<Boolean> follow(InboxKeys.User user, String topic, boolean follow, long startTick) {
        return this.follow.run(user.following(), follow ? "follow" : "unfollow", topic, Long.toString(startTick), kept())
                .thenApply(reply -> first(reply) == 1);
    }

    /** Whether the dot was set (false: the user has as many dots as allowed). */
    public CompletableFuture<Boolean> setDot(InboxKeys.User user, String path, long now, Duration ttl, int cap) {
        return dots.run(new String[] {user.dots()}, "set", path, Long.toString(now), Long.toString(now + ttl.toMillis()),
                Integer.toString(cap), Long.toString(ttl.toMillis())).thenApply(reply -> first(reply) == 1);
    }

    public CompletableFuture<Void> clearDot(InboxKeys.User user, String path, long now) {
        return dots.run(new String[] {user.dots()}, "clear", path, Long.toString(now), "0", "0", "0").thenApply(reply -> null);
    }

    private static String kept() {
        return Long.toString(KEPT.toMillis());
    }

    private static long first(List<Object> reply) {
        if (reply == null || reply.size() != 1 || !(reply.getFirst() instanceof Long value)) {
            throw new IllegalStateException("an inbox script answered " + reply + "; expected {integer}");
        }
        return value;
    }
}
