package io.shallot.platform.inbox.internal;

import static io.shallot.platform.inbox.internal.Store.call;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.platform.inbox.Inbox;
import io.shallot.platform.inbox.InboxSettings;
import io.shallot.web.HttpException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Marking read: works out what read.lua is to change (which ids are direct, which broadcasts of
 * followed topics, how far each cursor moves), then runs it once. What it reads first only
 * narrows the script's work: the script itself re-checks each direct message, and a cursor never
 * moves past a broadcast that arrived after it was read, so concurrent sends are never lost.
 */
public final class Marks {
    private final Redis redis;
    private final InboxKeys keys;
    private final InboxScripts scripts;
    private final InboxSettings settings;

    public Marks(Redis redis, InboxKeys keys, InboxScripts scripts, InboxSettings settings) {
        this.redis = redis;
        this.keys = keys;
        this.scripts = scripts;
        this.settings = settings;
    }

    public static List<String> checkIds(List<String> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > Inbox.MAX_READ_IDS) {
            throw new HttpException(400, "ids must list 1 to " + Inbox.MAX_READ_IDS + " message ids");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            distinct.add(Checks.messageId("ids", id));
        }
        return List.copyOf(distinct);
    }

    /** Resolves every id first (direct from the inbox, else a live broadcast of a followed topic); one unknown: 404. */
    public Promise<Long> markIds(InboxKeys.User user, String uid, List<String> ids, long now) {
        return call(scripts.state(user, now)).compose(state -> call(redis.commands().hmget(user.meta(), ids.toArray(String[]::new)))
                .compose(metas -> {
                    List<String> direct = new ArrayList<>();
                    List<String> others = new ArrayList<>();
                    for (KeyValue<String, String> meta : metas) {
                        (meta.hasValue() ? direct : others).add(meta.getKey());
                    }
                    List<Promise<String>> bodies = others.stream().map(id -> call(redis.commands().get(keys.message(id)))).toList();
                    return Promise.all(bodies).compose(stored -> {
                        List<UserState.Single> singles = new ArrayList<>();
                        for (int i = 0; i < others.size(); i++) {
                            singles.add(visibleBroadcast(state, uid, others.get(i), stored.get(i), now));
                        }
                        return call(scripts.read(user, "ids", null, direct, singles, List.of(), readCap()));
                    });
                }));
    }

    /** Deletes a broadcast for {@code uid} alone (hide.lua); 404 unless it is one {@code uid} sees. */
    public Promise<Boolean> hide(InboxKeys.User user, String uid, String id, long now) {
        return call(scripts.state(user, now))
                .compose(state -> call(redis.commands().get(keys.message(id)))
                        .compose(stored -> call(scripts.hide(user, visibleBroadcast(state, uid, id, stored, now), readCap()))))
                .then(hidden -> {
                    if (!hidden) {
                        throw notFound(uid, id);
                    }
                    return true;
                });
    }

    /** The stored broadcast {@code id} when {@code uid} sees it: live, of a followed topic, not deleted; else 404. */
    private UserState.Single visibleBroadcast(UserState state, String uid, String id, String stored, long now) {
        Message message = Message.parse(stored);
        if (message == null || message.expiresAt() <= now || message.topic() == null
                || !state.followed(settings.allTopics()).contains(message.topic()) || state.hidden().contains(id)) {
            throw notFound(uid, id);
        }
        return new UserState.Single(message.topic(), message.category(), message.id());
    }

    private static HttpException notFound(String uid, String id) {
        return new HttpException(404, "no message " + id + " for " + uid);
    }

    public Promise<Long> markCategory(InboxKeys.User user, String category, long now) {
        return call(scripts.state(user, now)).compose(state -> {
            List<Promise<List<UserState.Single>>> unread = new ArrayList<>();
            for (String topic : state.followed(settings.allTopics())) {
                unread.add(call(redis.commands().zrangebyscore(keys.topicCategory(topic, category),
                        Range.from(Range.Boundary.excluding(state.cursor(topic)), Range.Boundary.unbounded())))
                        .then(ids -> ids.stream().map(id -> new UserState.Single(topic, category, id)).toList()));
            }
            return Promise.all(unread).compose(lists -> {
                List<UserState.Single> singles = new ArrayList<>();
                lists.forEach(singles::addAll);
                return call(scripts.read(user, "category", category, List.of(), singles, List.of(), readCap()));
            });
        });
    }

    public Promise<Long> markAll(InboxKeys.User user, long now) {
        return call(scripts.state(user, now)).compose(state -> {
            List<String> topics = state.followed(settings.allTopics());
            List<Promise<Long>> newest = topics.stream().map(this::newest).toList();
            return Promise.all(newest).compose(ticks -> {
                List<UserState.Cursor> cursors = new ArrayList<>();
                for (int i = 0; i < topics.size(); i++) {
                    if (ticks.get(i) > 0) {
                        cursors.add(new UserState.Cursor(topics.get(i), ticks.get(i)));
                    }
                }
                return call(scripts.read(user, "all", null, List.of(), List.of(), cursors, readCap()));
            });
        });
    }

    /** The tick of a topic's newest broadcast, 0 when it has none. */
    public Promise<Long> newest(String topic) {
        return call(redis.commands().zrevrangeWithScores(keys.topicAll(topic), 0, 0))
                .then(top -> top.isEmpty() ? 0L : (long) top.getFirst().getScore());
    }

    /** Room for every broadcast each topic keeps, twice over, so only stale entries are ever cut. */
    private int readCap() {
        return 2 * settings.maxInbox() * settings.allTopics().size();
    }
}
