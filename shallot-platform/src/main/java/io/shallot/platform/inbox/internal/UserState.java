package io.shallot.platform.inbox.internal;

import io.shallot.platform.inbox.Inbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What state.lua read of one user, after tidying: direct unread counts, the dots set, followed
 * topics, topic cursors, the broadcasts read one by one and the broadcasts the user deleted
 * (hidden from the user's lists, and read).
 *
 * <p>Broadcast read state: a broadcast counts as read when its tick is at or below its topic's
 * cursor (no cursor reads as 0: a new user has read no broadcast of {@value Inbox#ALL}), or when
 * it is in the read set. The set holds only broadcasts newer than their cursor (moving a cursor
 * forgets what it covers), is capped and expires, so it stays small.
 */
public record UserState(Map<String, Long> unread, List<String> dots, Set<String> topics, Map<String, Long> cursors,
                        Set<String> readSingles, Set<String> hidden) {

    /** A broadcast read on its own: stored as {@code topic/category/id}. */
    public record Single(String topic, String category, String id) {
        public String member() {
            return topic + "/" + category + "/" + id;
        }

        public long tick() {
            return Ticks.tickOf(id);
        }

        static Single parse(String member) {
            String[] parts = member.split("/", 3);
            return parts.length == 3 && Ticks.validId(parts[2]) ? new Single(parts[0], parts[1], parts[2]) : null;
        }
    }

    /** A topic's cursor to move up to {@code tick}. */
    public record Cursor(String topic, long tick) {
    }

    /** The topics the user follows, in the settings' order: {@value Inbox#ALL} and those followed among {@code topics}. */
    public List<String> followed(List<String> allTopics) {
        List<String> followed = new ArrayList<>();
        for (String topic : allTopics) {
            if (topic.equals(Inbox.ALL) || topics.contains(topic)) {
                followed.add(topic);
            }
        }
        return followed;
    }

    public long cursor(String topic) {
        return cursors.getOrDefault(topic, 0L);
    }

    public boolean broadcastRead(String topic, String category, String id) {
        return Ticks.tickOf(id) <= cursor(topic) || readSingles.contains(new Single(topic, category, id).member());
    }

    /** The broadcasts of {@code topic} in {@code category} read one by one and newer than the cursor. */
    public List<Single> singles(String topic, String category) {
        List<Single> singles = new ArrayList<>();
        for (String member : readSingles) {
            Single single = Single.parse(member);
            if (single != null && single.topic().equals(topic) && single.category().equals(category)
                    && single.tick() > cursor(topic)) {
                singles.add(single);
            }
        }
        return singles;
    }

    @SuppressWarnings("unchecked")
    static UserState decode(List<Object> reply) {
        if (reply == null || reply.size() != 6) {
            throw new IllegalStateException("state.lua answered " + reply + "; expected 6 lists");
        }
        Map<String, Long> unread = new HashMap<>();
        List<Object> counts = (List<Object>) reply.get(0);
        for (int i = 0; i + 1 < counts.size(); i += 2) {
            unread.put((String) counts.get(i), Long.parseLong((String) counts.get(i + 1)));
        }
        List<String> dots = strings(reply.get(1));
        Set<String> topics = new HashSet<>(strings(reply.get(2)));
        Map<String, Long> cursors = new HashMap<>();
        List<Object> flat = (List<Object>) reply.get(3);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            cursors.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
        }
        return new UserState(unread, dots, topics, cursors, new HashSet<>(strings(reply.get(4))),
                new HashSet<>(strings(reply.get(5))));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return ((List<Object>) list).stream().map(String.class::cast).toList();
    }
}
