package io.shallot.platform.inbox.internal;

import static io.shallot.platform.inbox.internal.Store.call;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.platform.inbox.InboxSettings;
import io.shallot.platform.inbox.Item;
import io.shallot.platform.inbox.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A page of a user's messages: the newest ids of the inbox and of each followed topic below the
 * cursor, merged by time, then their stored copies (an expired or vanished one is skipped). A
 * cursor is a tick, so messages sent in one millisecond still page apart.
 */
public final class Pages {
    private final Redis redis;
    private final InboxKeys keys;
    private final InboxSettings settings;
    private final Tidier tidier;

    public Pages(Redis redis, InboxKeys keys, InboxSettings settings, Tidier tidier) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        this.tidier = tidier;
    }

    private record Candidate(String id, long tick, String topic, Boolean read) {
    }

    public Promise<Page> page(InboxKeys.User user, UserState state, String category, int limit, Long before, long now) {
        Range<Long> range = Range.from(Range.Boundary.unbounded(),
                before == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(before));
        List<Promise<List<Candidate>>> sources = new ArrayList<>();
        int directLimit = category == null ? limit : settings.maxInbox();
        sources.add(call(redis.commands().zrevrangebyscoreWithScores(user.box(), range, Limit.create(0, directLimit)))
                .compose(scored -> direct(user, scored, category, limit)));
        for (String topic : state.followed(settings.allTopics())) {
            String key = category == null ? keys.topicAll(topic) : keys.topicCategory(topic, category);
            // enough to fill the page however many of them the user deleted
            Limit wanted = Limit.create(0, limit + state.hidden().size());
            sources.add(tidier.tidy(topic, now).compose(ignored -> call(redis.commands().zrevrangebyscoreWithScores(key, range,
                    wanted))).then(scored -> scored.stream().filter(value -> !state.hidden().contains(value.getValue()))
                    .limit(limit).map(value -> new Candidate(value.getValue(), (long) value.getScore(), topic, null)).toList()));
        }
        return Promise.all(sources).compose(lists -> {
            List<Candidate> merged = new ArrayList<>();
            lists.forEach(merged::addAll);
            merged.sort(Comparator.comparingLong(Candidate::tick).thenComparing(Candidate::id).reversed());
            List<Candidate> taken = merged.subList(0, Math.min(limit, merged.size()));
            String next = merged.size() >= limit && !taken.isEmpty() ? Long.toString(taken.getLast().tick()) : null;
            List<Promise<String>> bodies = taken.stream()
                    .map(candidate -> call(redis.commands().get(keys.message(candidate.id())))).toList();
            return Promise.all(bodies).then(stored -> {
                List<Item> items = new ArrayList<>();
                for (int i = 0; i < taken.size(); i++) {
                    Message message = Message.parse(stored.get(i));
                    Candidate candidate = taken.get(i);
                    if (message == null || message.expiresAt() <= now) {
                        continue;
                    }
                    boolean read = candidate.read() != null ? candidate.read()
                            : state.broadcastRead(candidate.topic(), message.category(), message.id());
                    items.add(new Item(message.id(), message.category(), message.title(), message.body(), message.link(),
                            message.sentAt(), read));
                }
                return new Page(items, next);
            });
        });
    }

    /** The inbox's ids with their read flags, of {@code category} when not null, at most {@code limit}. */
    private Promise<List<Candidate>> direct(InboxKeys.User user, List<ScoredValue<String>> scored, String category, int limit) {
        if (scored.isEmpty()) {
            return Promise.resolve(List.of());
        }
        String[] ids = scored.stream().map(ScoredValue::getValue).toArray(String[]::new);
        return call(redis.commands().hmget(user.meta(), ids)).then(states -> {
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < ids.length && candidates.size() < limit; i++) {
                String meta = states.get(i).getValueOrElse(null);
                if (meta == null || (category != null && !meta.substring(1).equals(category))) {
                    continue;
                }
                candidates.add(new Candidate(ids[i], (long) scored.get(i).getScore(), null, meta.charAt(0) == 'r'));
            }
            return candidates;
        });
    }
}
