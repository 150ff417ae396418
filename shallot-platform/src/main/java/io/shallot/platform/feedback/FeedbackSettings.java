package io.shallot.platform.feedback;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How the feedback service accepts, queues and stores feedback. Start from {@link #defaults()} and
 * change what differs with the {@code with...} copies.
 *
 * @param categories     what feedback may be about (default bug, suggestion, complaint, praise, other)
 * @param platforms      where it may come from (default ios, android, web, harmony, windows, mac, linux, other)
 * @param maxQueued      entries the queue holds at most: a submission beyond it is refused with a 503
 *                       and {@code Retry-After}, never made room for by dropping unstored entries
 *                       (default 100,000)
 * @param batch          entries a worker reads and stores at a time (default 100)
 * @param pollInterval   how often a worker looks for entries when the last poll drained the queue (default 200 ms)
 * @param claimAfter     how long an entry read by a worker stays unacknowledged before another worker
 *                       takes it over, as its reader is taken to be dead (default 30 s); longer than
 *                       the slowest store of one batch, or a slow batch is stored twice (harmlessly)
 * @param idempotencyTtl how long an {@code Idempotency-Key} is remembered (default 24 h)
 * @param instanceId     this process's name as a consumer of the queue (default a random one); two
 *                       live processes must not share one
 */
public record FeedbackSettings(List<String> categories, List<String> platforms, int maxQueued, int batch,
                               Duration pollInterval, Duration claimAfter, Duration idempotencyTtl, String instanceId) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public FeedbackSettings {
        categories = names("categories", categories);
        platforms = names("platforms", platforms);
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1, got " + maxQueued);
        }
        if (batch < 1 || batch > 1000) {
            throw new IllegalArgumentException("batch must be 1 to 1000, got " + batch);
        }
        positive("pollInterval", pollInterval);
        positive("claimAfter", claimAfter);
        positive("idempotencyTtl", idempotencyTtl);
        if (instanceId == null || !INSTANCE.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instanceId must be 1-64 of A-Z a-z 0-9 _ . : -, got " + instanceId);
        }
    }

    public static FeedbackSettings defaults() {
        return new FeedbackSettings(
                List.of("bug", "suggestion", "complaint", "praise", "other"),
                List.of("ios", "android", "web", "harmony", "windows", "mac", "linux", "other"),
                100_000, 100, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofHours(24),
                "feedback-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public FeedbackSettings withCategories(List<String> categories) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withPlatforms(List<String> platforms) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withMaxQueued(int maxQueued) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withBatch(int batch) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withPollInterval(Duration pollInterval) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withClaimAfter(Duration claimAfter) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withIdempotencyTtl(Duration idempotencyTtl) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    public FeedbackSettings withInstanceId(String instanceId) {
        return new FeedbackSettings(categories, platforms, maxQueued, batch, pollInterval, claimAfter, idempotencyTtl, instanceId);
    }

    private static List<String> names(String what, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one");
        }
        for (String name : names) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + ": \"" + name + "\" is not 1-32 of a-z 0-9 _ -");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException(what + " name one twice: " + names);
        }
        return List.copyOf(names);
    }

    private static void positive(String what, Duration duration) {
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 ms, got " + duration);
        }
    }
}
