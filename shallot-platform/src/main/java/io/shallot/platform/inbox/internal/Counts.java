package io.shallot.platform.inbox.internal;

import static io.shallot.platform.inbox.internal.Store.call;

import io.lettuce.core.Range;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.platform.inbox.Badges;
import io.shallot.platform.inbox.InboxSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A user's badges: direct unread counts as state.lua read them, plus, per followed topic and
 * category, the broadcasts above the user's cursor (ZCOUNT) less those read one by one.
 */
public final class Counts {
    private final Redis redis;
    private final InboxKeys keys;
    private final InboxSettings settings;
    private final Tidier tidier;

    public Counts(Redis redis, InboxKeys keys, InboxSettings settings, Tidier tidier) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        this.tidier = tidier;
    }

    public Promise<Badges> badges(UserState state, long now) {
        List<String> topics = state.followed(settings.allTopics());
        List<Promise<Long>> counts = new ArrayList<>();
        for (String topic : topics) {
            Promise<Void> tidy = tidier.tidy(topic, now);
            for (String category : settings.categories()) {
                counts.add(tidy.compose(ignored -> unreadBroadcasts(state, topic, category)));
            }
        }
        return Promise.all(counts).then(broadcast -> {
            Map<String, Long> categories = new LinkedHashMap<>();
            long total = 0;
            for (int c = 0; c < settings.categories().size(); c++) {
                String category = settings.categories().get(c);
                long unread = Math.max(0, state.unread().getOrDefault(category, 0L));
                for (int t = 0; t < topics.size(); t++) {
                    unread += broadcast.get(t * settings.categories().size() + c);
                }
                categories.put(category, unread);
                total += unread;
            }
            return new Badges(total, categories, lit(state.dots()));
        });
    }

    /** Broadcasts of a topic's category above the cursor, less those read one by one still in the topic. */
    private Promise<Long> unreadBroadcasts(UserState state, String topic, String category) {
        String key = keys.topicCategory(topic, category);
        Promise<Long> above = call(redis.commands().zcount(key,
                Range.from(Range.Boundary.excluding(state.cursor(topic)), Range.Boundary.unbounded())));
        List<UserState.Single> singles = state.singles(topic, category);
        if (singles.isEmpty()) {
            return above;
        }
        Promise<List<Double>> present = call(redis.commands().zmscore(key,
                singles.stream().map(UserState.Single::id).toArray(String[]::new)));
        return above.compose(count -> present.then(scores -> {
            long read = scores.stream().filter(Objects::nonNull).count();
            return Math.max(0, count - read);
        }));
    }

    /** The dots set and all their ancestors, sorted. */
    private static List<String> lit(List<String> dots) {
        TreeSet<String> lit = new TreeSet<>();
        for (String dot : dots) {
            for (int at = dot.indexOf('.'); at >= 0; at = dot.indexOf('.', at + 1)) {
                lit.add(dot.substring(0, at));
            }
            lit.add(dot);
        }
        return List.copyOf(lit);
    }
}
