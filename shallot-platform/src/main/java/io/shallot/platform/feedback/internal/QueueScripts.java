package io.shallot.platform.feedback.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The Lua scripts that change the queue, each one atomic step; their replies decoded. */
public final class QueueScripts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeedbackKeys keys;
    private final LuaScript submit;
    private final LuaScript stored;
    private final LuaScript dead;
    private final LuaScript queue;

    public QueueScripts(Redis redis, FeedbackKeys keys) {
        this.keys = keys;
        this.submit = new LuaScript(redis, QueueScripts.class, "submit.lua");
        this.stored = new LuaScript(redis, QueueScripts.class, "stored.lua");
        this.dead = new LuaScript(redis, QueueScripts.class, "dead.lua");
        this.queue = new LuaScript(redis, QueueScripts.class, "queue.lua");
    }

    /** What {@code submit.lua} decided. */
    public enum Outcome {
        /** The queue is full; nothing was written. */
        FULL,
        QUEUED,
        /** Queued before under the same idempotency key; the id and fingerprint are the first submission's. */
        REPLAYED
    }

    public record Submitted(Outcome outcome, String id, String fingerprint) {
    }

    /** The queue's numbers; {@code oldestAt} is epoch ms, or -1 when the queue is empty. */
    public record State(long queued, long pending, long deadLetters, long oldestAt) {
    }

    /** Queues the entry {@code fields} (see {@link Entries#fields}) unless full or a replay; {@code idempotencyKey} may be null. */
    public CompletableFuture<Submitted> submit(String[] fields, String fingerprint, String idempotencyKey,
                                               int maxQueued, Duration idempotencyTtl) {
        String[] keyArray = idempotencyKey == null
                ? new String[] {keys.queue()}
                : new String[] {keys.queue(), keys.idempotency(idempotencyKey)};
        List<String> args = new ArrayList<>(List.of(Integer.toString(maxQueued),
                Long.toString(idempotencyTtl.toMillis()), fingerprint));
        args.addAll(List.of(fields));
        return submit.run(keyArray, args.toArray(String[]::new)).thenApply(values -> {
            if (values == null || values.size() != 3 || !(values.get(0) instanceof Long code)
                    || !(values.get(1) instanceof String id) || !(values.get(2) instanceof String print)) {
                throw unexpected("submit", values);
            }
            Outcome outcome = switch (code.intValue()) {
                case 0 -> Outcome.FULL;
                case 1 -> Outcome.QUEUED;
                case 2 -> Outcome.REPLAYED;
                default -> throw unexpected("submit", values);
            };
            return new Submitted(outcome, id, print);
        });
    }

    /** Acknowledges and deletes the stored entries {@code ids}. */
    public CompletableFuture<List<Object>> stored(List<String> ids) {
        List<String> args = new ArrayList<>(ids.size() + 1);
        args.add(FeedbackKeys.GROUP);
        args.addAll(ids);
        return this.stored.run(new String[] {keys.queue()}, args.toArray(String[]::new));
    }

    /** Moves the entry {@code id} with {@code fields} to the dead letters with {@code reason}. */
    public CompletableFuture<List<Object>> dead(String id, Map<String, String> fields, String reason) {
        String copy;
        try {
            copy = JSON.writeValueAsString(fields == null ? Map.of() : fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
        return dead.run(new String[] {keys.queue(), keys.deadLetters()}, FeedbackKeys.GROUP,
                Integer.toString(FeedbackKeys.DEAD_LETTERS_KEPT), id, reason, copy);
    }

    public CompletableFuture<State> state() {
        return queue.run(new String[] {keys.queue(), keys.deadLetters()}, FeedbackKeys.GROUP).thenApply(values -> {
            if (values == null || values.size() != 4 || !(values.get(0) instanceof Long queued)
                    || !(values.get(1) instanceof Long pending) || !(values.get(2) instanceof Long deadLetters)
                    || !(values.get(3) instanceof String oldest)) {
                throw unexpected("queue", values);
            }
            return new State(queued, pending, deadLetters, oldest.equals("-") ? -1 : Long.parseLong(oldest));
        });
    }

    private static IllegalStateException unexpected(String script, List<Object> values) {
        return new IllegalStateException("the feedback " + script + " script answered " + values);
    }
}
