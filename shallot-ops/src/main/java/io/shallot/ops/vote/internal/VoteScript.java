package io.shallot.ops.vote.internal;

import io.shallot.mvc.cache.LuaScript;
import io.shallot.mvc.cache.Redis;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs {@code vote.lua}, which counts one vote atomically; what it decides is a {@link Reply}. */
public final class VoteScript {
    private final LuaScript script;

    public VoteScript(Redis redis) {
        this.script = new LuaScript(redis, VoteScript.class, "vote.lua");
    }

    /** What the script decided. */
    public enum Outcome {
        /** The allowance was used up; nothing was written. */
        SPENT,
        COUNTED,
        /** Counted before under the same idempotency key; the reply is the first attempt's. */
        REPLAYED
    }

    /** The script's answer; {@code option} is the one voted for (by the first attempt, when replayed). */
    public record Reply(Outcome outcome, long tally, long remaining, String option) {
    }

    /** One vote by {@code user} for {@code option} at {@code now}; {@code idempotencyKey} may be null. */
    public CompletableFuture<Reply> vote(VoteKeys keys, String user, String option, int votesPerUser,
                                         String idempotencyKey, Instant now) {
        String used = keys.used(user, now);
        String[] keyArray = idempotencyKey == null
                ? new String[] {used, keys.tally()}
                : new String[] {used, keys.tally(), keys.idempotency(user, idempotencyKey)};
        return script.run(keyArray, option, Integer.toString(votesPerUser),
                        Long.toString(keys.usedLifetime(now).toMillis()),
                        Long.toString(keys.tallyLifetime(now).toMillis()),
                        Long.toString(VoteKeys.IDEMPOTENCY_KEPT.toMillis()))
                .thenApply(VoteScript::decode);
    }

    private static Reply decode(List<Object> values) {
        if (values == null || values.size() != 4 || !(values.get(0) instanceof Long code)
                || !(values.get(1) instanceof Long tally) || !(values.get(2) instanceof Long remaining)
                || !(values.get(3) instanceof String option)) {
            throw unexpected(values);
        }
        Outcome outcome = switch (code.intValue()) {
            case 0 -> Outcome.SPENT;
            case 1 -> Outcome.COUNTED;
            case 2 -> Outcome.REPLAYED;
            default -> throw unexpected(values);
        };
        return new Reply(outcome, tally, remaining, option);
    }

    private static IllegalStateException unexpected(List<Object> values) {
        return new IllegalStateException("the vote script answered " + values
                + "; expected {outcome 0-2, tally, remaining, option}");
    }
}
