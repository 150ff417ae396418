package io.shallot.mvc.data.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A blocking {@code ping} at startup: it proves the server answers and loads the driver's
 * operation classes on the starting thread, not on a loop serving the first request (a cold
 * driver holds a loop for some 200 ms loading classes).
 */
public final class Ping {
    private Ping() {
    }

    /** Pings through {@code database}; returns null on success, else the failure. */
    public static Throwable run(com.mongodb.reactivestreams.client.MongoDatabase database, Duration timeout) {
        CompletableFuture<Document> answer = new CompletableFuture<>();
        database.runCommand(new Document("ping", 1)).subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(Document document) {
                answer.complete(document);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                answer.complete(null);
            }
        });
        try {
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (TimeoutException e) {
            return e;
        }
    }
}
