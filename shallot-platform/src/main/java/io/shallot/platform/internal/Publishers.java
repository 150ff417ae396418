package io.shallot.platform.internal;

import io.shallot.mvc.data.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A driver publisher's items as a future that belongs to no loop: for a read that callers on many
 * loops share (each turns it into a promise on its own loop), or a call made off any loop at start.
 * Demand is unbounded: callers bound their reads with a limit.
 */
public final class Publishers {
    private Publishers() {
    }

    /** The items, or a {@link DataException} naming {@code operation} when the driver fails. */
    public static <T> CompletableFuture<List<T>> collect(Publisher<T> publisher, String operation) {
        CompletableFuture<List<T>> future = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<T>() {
            private final List<T> items = new ArrayList<>();

            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable error) {
                future.completeExceptionally(new DataException(operation + " failed", error));
            }

            @Override
            public void onComplete() {
                future.complete(items);
            }
        });
        return future;
    }
}
