package io.shallot.platform.feedback;

/**
 * A submission's answer: the feedback's id, and whether it repeats an earlier submission under the
 * same {@code Idempotency-Key} (then the id is the earlier one's, and nothing new was queued).
 */
public record Receipt(String id, boolean duplicate) {
}
