package io.shallot.platform.feedback;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.loop.Timer;
import io.shallot.platform.feedback.internal.Entries;
import io.shallot.platform.feedback.internal.FeedbackKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves queued feedback into MongoDB. Each poll, on its loop: entries another worker read but has
 * not acknowledged for {@link FeedbackSettings#claimAfter()} are taken over (that worker is taken
 * to be dead); then up to {@link FeedbackSettings#batch()} entries are read in the consumer group
 * {@value FeedbackKeys#GROUP}, as consumer {@link FeedbackSettings#instanceId()}: this worker's own
 * unacknowledged ones first (a failed batch, a claimed one), else new ones. The batch is inserted
 * with each document's {@code _id} the feedback id, so a redelivered entry finds its first copy;
 * only then are the entries acknowledged and deleted from the queue. Delivery is at least once and
 * storage idempotent, so each entry ends in MongoDB exactly once, whatever the number of workers.
 *
 * <p>Reads never block (the Redis connection is shared), so a worker polls every
 * {@link FeedbackSettings#pollInterval()}, and at once again after a full batch.
 *
 * <p>Failures: while MongoDB (or Redis) fails, nothing is acknowledged, the entries stay queued
 * and are tried again next poll; a WARN is logged once per outage and an INFO when it ends. An entry
 * that cannot become a document is moved to the dead letters with the reason, and acknowledged.
 *
 * <p>{@link #start} and {@link #stop} may be called from any thread.
 */
public final class FeedbackWorker {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackWorker.class);

    private final Loop loop;
    private final Feedback feedback;
    private final FeedbackSettings settings;
    private final String queue;
    private final Consumer<String> consumer;
    private final Deferred<Void> stopped;
    // the rest is touched on the loop thread only
    private Timer timer;
    private boolean busy;
    private boolean stopping;
    private boolean groupReady;
    private boolean indexed;
    private String claimCursor = "0-0";
    private final Outage mongo = new Outage("MongoDB");
    private final Outage redis = new Outage("the Redis queue");

    private FeedbackWorker(Loop loop, Feedback feedback) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        this.settings = feedback.settings();
        this.queue = feedback.keys().queue();
        this.consumer = Consumer.from(FeedbackKeys.GROUP, settings.instanceId());
        this.stopped = Promise.defer(loop);
    }

    /** Starts polling on {@code loop}; the consumer group is created (with the stream) when missing. */
    public static FeedbackWorker start(Loop loop, Feedback feedback) {
        FeedbackWorker worker = new FeedbackWorker(loop, feedback);
        loop.execute(worker::poll);
        return worker;
    }

    /**
     * Stops polling. The promise (on the worker's loop) fulfils once the batch in hand, if any, is
     * done; entries read and not yet stored stay pending, for this instance's next worker or
     * another's claim.
     */
    public Promise<Void> stop() {
        loop.execute(() -> {
            stopping = true;
            if (timer != null) {
                loop.clearTimeout(timer);
                timer = null;
            }
            if (!busy) {
                stopped.resolve(null);
            }
        });
        return stopped.promise();
    }

    private void poll() {
        timer = null;
        if (stopping) {
            stopped.resolve(null);
            return;
        }
        busy = true;
        Promise.attempt(this::round).then(
                taken -> {
                    redis.up();
                    return taken;
                },
                error -> {
                    if (String.valueOf(error.getMessage()).contains("NOGROUP")) {
                        // the stream was deleted, and its group with it: create both again
                        groupReady = false;
                    }
                    redis.down(error);
                    return 0;
                })
                .thenAccept(taken -> {
                    busy = false;
                    if (stopping) {
                        stopped.resolve(null);
                    } else {
                        timer = loop.setTimeout(this::poll, taken >= settings.batch() ? 0 : settings.pollInterval().toMillis());
                    }
                });
    }

    /** One poll; fulfils with how many entries left the queue. */
    private Promise<Integer> round() {
        Promise<Void> ready = groupReady ? Promise.resolve(loop, null) : createGroup();
        return ready.compose(nothing -> claim())
                .compose(nothing -> read("0"))
                .compose(mine -> mine.isEmpty() ? read(">") : Promise.resolve(loop, mine))
                .compose(this::store);
    }

    private Promise<Void> createGroup() {
        // from the start of the stream: entries submitted before any worker ran are stored too
        return redisCall(() -> commands().xgroupCreate(XReadArgs.StreamOffset.from(queue, "0"), FeedbackKeys.GROUP,
                        XGroupCreateArgs.Builder.mkstream()))
                .then(ok -> (Void) null)
                .recoverWith(error -> String.valueOf(error.getMessage()).contains("BUSYGROUP")
                        ? Promise.resolve(loop, null)
                        : Promise.reject(loop, error))
                .thenRun(() -> groupReady = true);
    }

    /** Takes over entries idle past claimAfter; they join this worker's own pending entries, read next. */
    private Promise<Void> claim() {
        return redisCall(() -> commands().xautoclaim(queue, XAutoClaimArgs.Builder.justid(consumer,
                        settings.claimAfter().toMillis(), claimCursor).count(settings.batch())))
                .thenAccept(claimed -> claimCursor = claimed.getId() == null ? "0-0" : claimed.getId());
    }

    /** {@code "0"}: this consumer's entries read and not acknowledged; {@code ">"}: entries never read. */
    @SuppressWarnings("unchecked") // Lettuce's varargs of a generic type; one stream is passed
    private Promise<List<StreamMessage<String, String>>> read(String from) {
        return redisCall(() -> commands().xreadgroup(consumer, XReadArgs.Builder.count(settings.batch()),
                XReadArgs.StreamOffset.from(queue, from)))
                .then(messages -> messages == null ? List.of() : messages);
    }

    private Promise<Integer> store(List<StreamMessage<String, String>> messages) {
        List<Promise<?>> steps = new ArrayList<>();
        List<StreamMessage<String, String>> storable = new ArrayList<>();
        List<Document> documents = new ArrayList<>();
        for (StreamMessage<String, String> message : messages) {
            try {
                documents.add(Entries.document(message.getBody()));
                storable.add(message);
            } catch (Entries.Poison poison) {
                steps.add(deadLetter(message, poison.getMessage()));
            }
        }
        int[] taken = {steps.size()};
        if (!documents.isEmpty()) {
            steps.add(feedback.store().insert(documents).then(
                    refused -> {
                        mongo.up();
                        return refused;
                    },
                    error -> {
                        mongo.down(error);
                        return (Map<Integer, String>) null;
                    })
                    .compose(refused -> {
                        if (refused == null) {
                            return Promise.resolve(loop, null);
                        }
                        taken[0] += storable.size();
                        createIndexesOnce();
                        return acknowledge(storable, refused);
                    }));
        }
        return Promise.all(steps).then(done -> taken[0]);
    }

    private Promise<Void> acknowledge(List<StreamMessage<String, String>> storable, Map<Integer, String> refused) {
        List<Promise<?>> steps = new ArrayList<>();
        List<String> stored = new ArrayList<>(storable.size());
        for (int i = 0; i < storable.size(); i++) {
            if (refused.containsKey(i)) {
                steps.add(deadLetter(storable.get(i), refused.get(i)));
            } else {
                stored.add(storable.get(i).getId());
            }
        }
        if (!stored.isEmpty()) {
            steps.add(redisCall(() -> feedback.scripts().stored(stored)));
        }
        return Promise.all(steps).then(done -> null);
    }

    private Promise<?> deadLetter(StreamMessage<String, String> message, String reason) {
        LOG.warn("feedback entry {} moved to the dead letters: {}", message.getId(), reason);
        return redisCall(() -> feedback.scripts().dead(message.getId(), message.getBody(), reason));
    }

    private void createIndexesOnce() {
        if (indexed) {
            return;
        }
        indexed = true;
        feedback.store().createIndexes().recover(error -> {
            indexed = false;
            LOG.warn("could not create the feedback indexes ({}); trying again after the next batch", error.toString());
            return null;
        });
    }

    private RedisAsyncCommands<String, String> commands() {
        return feedback.redis().commands();
    }

    /** A Redis call as a promise on this loop; Lettuce throws, rather than fails, once shut down. */
    private <T> Promise<T> redisCall(Supplier<? extends CompletionStage<T>> call) {
        return Promise.attempt(() -> Promise.from(loop, call.get()));
    }

    /** Logs an outage of {@code what} once when it begins and once when it ends. */
    private final class Outage {
        private final String what;
        private boolean down;

        Outage(String what) {
            this.what = what;
        }

        void down(Throwable error) {
            if (!down) {
                down = true;
                LOG.warn("feedback worker {}: {} failed ({}); entries stay queued and are tried again every {} ms",
                        settings.instanceId(), what, describe(error), settings.pollInterval().toMillis());
            }
        }

        void up() {
            if (down) {
                down = false;
                LOG.info("feedback worker {}: {} works again", settings.instanceId(), what);
            }
        }

        private static String describe(Throwable error) {
            return error.getCause() == null ? error.toString() : error + ", caused by " + error.getCause();
        }
    }
}
