package io.shallot.platform.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisCall;
import io.shallot.mvc.data.Mongo;
import io.shallot.platform.feedback.internal.Entries;
import io.shallot.platform.feedback.internal.FeedbackIds;
import io.shallot.platform.feedback.internal.FeedbackInput;
import io.shallot.platform.feedback.internal.FeedbackKeys;
import io.shallot.platform.feedback.internal.FeedbackStore;
import io.shallot.platform.feedback.internal.QueueScripts;
import io.shallot.web.HttpException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * The feedback system: users on any platform submit feedback, which is queued in a Redis stream at
 * once, stored in MongoDB by {@link FeedbackWorker}s, and read back from there for analysis.
 *
 * <p>A submission is one Lua script: it answers a retry under a known {@code Idempotency-Key} with
 * the first submission's id, refuses when the queue holds {@link FeedbackSettings#maxQueued()}
 * entries, or else queues the entry and remembers the key for {@link FeedbackSettings#idempotencyTtl()}.
 * Nothing queued is ever dropped to make room: a full queue is a 503 with {@code Retry-After}.
 *
 * <p>Reads ({@link #list}, {@link #stats}) see stored feedback only, usually a poll interval or so
 * after submission; {@link #queue()} tells how much is still on its way.
 *
 * <p>Errors: the promise rejects with an {@link HttpException} and nothing is queued: a bad field
 * or a malformed {@code Idempotency-Key} 400 naming it; a key reused for different feedback 422;
 * a full queue 503 with {@code Retry-After}; Redis unavailable 503. A failed MongoDB read rejects
 * with a {@link io.shallot.mvc.data.DataException} (a 500).
 *
 * <p>Thread-safe. Call it on a loop thread; its promises settle on that loop.
 */
public final class Feedback {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** Seconds a client is told to wait when the queue is full. */
    public static final int RETRY_AFTER_SECONDS = 30;
    private static final String QUEUE = "the feedback queue";

    private final Redis redis;
    private final Clock clock;
    private final FeedbackSettings settings;
    private final FeedbackKeys keys;
    private final QueueScripts scripts;
    private final FeedbackStore store;

    public Feedback(Redis redis, Mongo mongo, Clock clock, FeedbackSettings settings) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new FeedbackKeys(redis);
        this.scripts = new QueueScripts(redis, keys);
        this.store = new FeedbackStore(Objects.requireNonNull(mongo, "mongo"));
    }

    public FeedbackSettings settings() {
        return settings;
    }

    /**
     * Checks {@code body} ({@code {platform, appVersion, category, content, contact?, userId?, meta?}},
     * see {@link FeedbackRoutes}) and queues it. With an {@code idempotencyKey} (may be null), a
     * retry with the same body within the key's time to live answers the first id, as a duplicate,
     * and queues nothing.
     */
    public Promise<Receipt> submit(JsonNode body, String idempotencyKey) {
        return Promise.attempt(() -> {
            ObjectNode checked = FeedbackInput.check(body, settings);
            String key = FeedbackInput.idempotencyKey(idempotencyKey);
            String fingerprint = FeedbackInput.fingerprint(checked);
            Instant now = clock.instant();
            String[] fields = Entries.fields(FeedbackIds.next(now), now, checked);
            return RedisCall.of(QUEUE, scripts.submit(fields, fingerprint, key, settings.maxQueued(), settings.idempotencyTtl()))
                    .then(submitted -> switch (submitted.outcome()) {
                        case FULL -> throw new HttpException(503, -1,
                                "too much feedback is waiting to be stored; try again later",
                                Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), null, true);
                        case REPLAYED -> {
                            if (!submitted.fingerprint().equals(fingerprint)) {
                                throw new HttpException(422, "this Idempotency-Key was used for other feedback; "
                                        + "new feedback needs a key of its own");
                            }
                            yield new Receipt(submitted.id(), true);
                        }
                        case QUEUED -> new Receipt(submitted.id(), false);
                    });
        });
    }

    /** Stored feedback matching {@code filter}, newest first, a page at a time. */
    public Promise<Page> list(Filter filter) {
        return Promise.attempt(() -> {
            Objects.requireNonNull(filter, "filter");
            oneOf("category", filter.category(), settings.categories());
            oneOf("platform", filter.platform(), settings.platforms());
            checkPeriod(filter.since(), filter.until());
            if (filter.before() != null && !FeedbackIds.valid(filter.before())) {
                throw new HttpException(400, "before must be a feedback id, as a page's next gives");
            }
            if (filter.limit() < 1 || filter.limit() > MAX_LIMIT) {
                throw new HttpException(400, "limit must be one integer from 1 to " + MAX_LIMIT);
            }
            return store.list(filter.category(), filter.platform(), filter.since(), filter.until(), filter.before(),
                    filter.limit() + 1).then(documents -> {
                        boolean more = documents.size() > filter.limit();
                        List<Item> items = new ArrayList<>(Math.min(documents.size(), filter.limit()));
                        for (Document document : documents.subList(0, Math.min(documents.size(), filter.limit()))) {
                            items.add(item(document));
                        }
                        return new Page(items, more ? items.getLast().id() : null);
                    });
        });
    }

    /** How much feedback submitted in {@code [since, until)} was stored, in all and by category and platform; null bounds are open. */
    public Promise<Stats> stats(Instant since, Instant until) {
        return Promise.attempt(() -> {
            checkPeriod(since, until);
            return Promise.all(List.of(store.countBy("category", since, until), store.countBy("platform", since, until)))
                    .then(counts -> {
                        Map<String, Long> byCategory = withZeros(settings.categories(), counts.get(0));
                        long total = byCategory.values().stream().mapToLong(Long::longValue).sum();
                        return new Stats(total, byCategory, withZeros(settings.platforms(), counts.get(1)));
                    });
        });
    }

    /** The queue as it is now. */
    public Promise<QueueState> queue() {
        return Promise.attempt(() -> RedisCall.of(QUEUE, scripts.state()).then(state -> new QueueState(state.queued(),
                state.pending(), state.deadLetters(), state.oldestAt() < 0 ? 0 : Math.max(0, clock.millis() - state.oldestAt()))));
    }

    Redis redis() {
        return redis;
    }

    FeedbackKeys keys() {
        return keys;
    }

    QueueScripts scripts() {
        return scripts;
    }

    FeedbackStore store() {
        return store;
    }

    private static void oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new HttpException(400, field + " must be one of " + String.join(", ", allowed));
        }
    }

    private static void checkPeriod(Instant since, Instant until) {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new HttpException(400, "since must be before until");
        }
    }

    private static Map<String, Long> withZeros(List<String> names, Map<String, Long> counts) {
        Map<String, Long> all = new LinkedHashMap<>();
        names.forEach(name -> all.put(name, counts.getOrDefault(name, 0L)));
        counts.forEach(all::putIfAbsent);
        return all;
    }

    private static Item item(Document document) {
        Object meta = document.get("meta");
        Date createdAt = document.getDate("createdAt");
        return new Item(document.getString("_id"), document.getString("platform"), document.getString("appVersion"),
                document.getString("category"), document.getString("content"), document.getString("contact"),
                document.getString("userId"), meta instanceof Document map ? new LinkedHashMap<>(map) : null,
                createdAt == null ? null : createdAt.toInstant());
    }
}
