package io.shallot.platform.feedback;

/**
 * The queue between submission and storage.
 *
 * @param queued         entries not stored yet, including the pending ones
 * @param pending        entries a worker has read and not yet acknowledged
 * @param deadLetters    entries set aside as unstorable (kept up to a bound, for a look)
 * @param oldestQueuedMs how long ago the oldest queued entry was submitted, 0 when none is queued
 */
public record QueueState(long queued, long pending, long deadLetters, long oldestQueuedMs) {
}
