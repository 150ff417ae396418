package io.shallot.mvc.data;

import io.shallot.loop.Deferred;
import io.shallot.loop.KeepAlive;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a driver publisher into a {@link Promise} on the calling loop: for what
 * {@link Collection} does not wrap, through its {@link Collection#raw()} (an aggregation, a
 * {@code findOneAndUpdate}, a bulk write). Demand is bounded
 * ({@value #BATCH} at a time, asked again when a batch has arrived), so a large cursor is pulled
 * in steps rather than requested all at once. The loop is held alive until the promise settles,
 * and the promise settles on the loop in one hop with the release, so {@code Loop.run} cannot end
 * in between.
 */
public final class Collect<T, R> implements Subscriber<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Collect.class);
    static final int BATCH = 128;

    private final Loop loop;
    private final Deferred<R> deferred;
    private final KeepAlive hold;
    private final String operation;
    private final Function<List<T>, R> finish;
    private final List<T> items = new ArrayList<>();
    private Subscription subscription;
    private int outstanding;

    private Collect(Loop loop, String operation, Function<List<T>, R> finish) {
        this.loop = loop;
        this.deferred = Promise.defer(loop);
        this.hold = loop.keepAlive();
        this.operation = operation;
        this.finish = finish;
    }

    /**
     * Subscribes to {@code publisher} from the loop thread and settles with {@code finish} applied
     * to all items, or rejects with a {@link DataException} naming {@code operation}.
     */
    public static <T, R> Promise<R> from(Publisher<T> publisher, String operation, Function<List<T>, R> finish) {
        Collect<T, R> collect = new Collect<>(Loop.current(), operation, finish);
        try {
            publisher.subscribe(collect);
        } catch (RuntimeException e) {
            collect.onError(e);
        }
        return collect.deferred.promise();
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        outstanding = BATCH;
        s.request(BATCH);
    }

    @Override
    public void onNext(T item) {
        items.add(item);
        if (--outstanding == 0) {
            outstanding = BATCH;
            subscription.request(BATCH);
        }
    }

    @Override
    public void onError(Throwable error) {
        settle(() -> deferred.reject(new DataException(operation + " failed", error)));
    }

    @Override
    public void onComplete() {
        R result;
        try {
            result = finish.apply(items);
        } catch (RuntimeException e) {
            onError(e);
            return;
        }
        settle(() -> deferred.resolve(result));
    }

    private void settle(Runnable action) {
        try {
            loop.execute(() -> {
                hold.close();
                action.run();
            });
        } catch (RejectedExecutionException e) {
            hold.close();
            LOG.debug("{} finished after {} ended; result dropped", operation, loop);
        }
    }
}
