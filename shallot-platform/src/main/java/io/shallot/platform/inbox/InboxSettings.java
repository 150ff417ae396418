package io.shallot.platform.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How an {@link Inbox} behaves. Build it from {@link #defaults()} with the {@code with...} copies;
 * a value that breaks a rule is refused with an {@link IllegalArgumentException} naming it, so a
 * bad configuration fails at startup.
 *
 * @param categories    the message categories, also the keys of a badge's counts (names of 1-32
 *                      characters of a-z 0-9 _ -)
 * @param topics        the broadcast topics besides {@value Inbox#ALL}, which every user follows;
 *                      users follow these with {@link Inbox#follow}
 * @param maxInbox      how many direct messages a user's inbox keeps (and a topic keeps broadcasts):
 *                      the oldest go first
 * @param maxRecipients how many users one direct message may name
 * @param dotTtl        how long a red dot stays lit unless cleared
 * @param maxStreams    how many event streams ({@link Inbox#events}) one instance serves at once
 * @param heartbeat     how often an idle Server-Sent Events stream gets a comment line, so proxies
 *                      and clients see it is alive
 */
public record InboxSettings(List<String> categories, List<String> topics, int maxInbox, int maxRecipients,
                            Duration dotTtl, int maxStreams, Duration heartbeat) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    public InboxSettings {
        categories = names("categories", categories);
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("categories must name at least one category");
        }
        topics = names("topics", topics);
        if (topics.contains(Inbox.ALL)) {
            throw new IllegalArgumentException("topics must not list " + Inbox.ALL + ": every user follows it already");
        }
        if (maxInbox < 1 || maxInbox > 10_000) {
            throw new IllegalArgumentException("maxInbox must be 1 to 10000, got " + maxInbox);
        }
        if (maxRecipients < 1 || maxRecipients > 10_000) {
            throw new IllegalArgumentException("maxRecipients must be 1 to 10000, got " + maxRecipients);
        }
        if (dotTtl == null || dotTtl.toMillis() < 1) {
            throw new IllegalArgumentException("dotTtl must be positive, got " + dotTtl);
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("maxStreams must be 0 or more, got " + maxStreams);
        }
        if (heartbeat == null || heartbeat.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
        }
    }

    /** Categories system, activity, social, order; no topic but {@value Inbox#ALL}; 200 messages; 1,000 recipients; dots for 30 days; 10,000 streams; a heartbeat every 15 s. */
    public static InboxSettings defaults() {
        return new InboxSettings(List.of("system", "activity", "social", "order"), List.of(), 200, 1000,
                Duration.ofDays(30), 10_000, Duration.ofSeconds(15));
    }

    public InboxSettings withCategories(List<String> value) {
        return new InboxSettings(value, topics, maxInbox, maxRecipients, dotTtl, maxStreams, heartbeat);
    }

    public InboxSettings withTopics(List<String> value) {
        return new InboxSettings(categories, value, maxInbox, maxRecipients, dotTtl, maxStreams, heartbeat);
    }

    public InboxSettings withMaxInbox(int value) {
        return new InboxSettings(categories, topics, value, maxRecipients, dotTtl, maxStreams, heartbeat);
    }

    public InboxSettings withMaxRecipients(int value) {
        return new InboxSettings(categories, topics, maxInbox, value, dotTtl, maxStreams, heartbeat);
    }

    public InboxSettings withDotTtl(Duration value) {
        return new InboxSettings(categories, topics, maxInbox, maxRecipients, value, maxStreams, heartbeat);
    }

    public InboxSettings withMaxStreams(int value) {
        return new InboxSettings(categories, topics, maxInbox, maxRecipients, dotTtl, value, heartbeat);
    }

    public InboxSettings withHeartbeat(Duration value) {
        return new InboxSettings(categories, topics, maxInbox, maxRecipients, dotTtl, maxStreams, value);
    }

    /** {@value Inbox#ALL} and the configured topics: what a user may follow. */
    public List<String> allTopics() {
        List<String> all = new ArrayList<>(topics.size() + 1);
        all.add(Inbox.ALL);
        all.addAll(topics);
        return all;
    }

    private static List<String> names(String field, List<String> names) {
        if (names == null) {
            throw new IllegalArgumentException(field + " must be a list, got null");
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(field + " holds \"" + name + "\"; names are 1-32 of a-z 0-9 _ -");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(field + " lists \"" + name + "\" twice");
            }
        }
        return List.copyOf(seen);
    }
}
