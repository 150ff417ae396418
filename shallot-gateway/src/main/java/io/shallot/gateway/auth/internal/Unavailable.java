package io.shallot.gateway.auth.internal;

import io.shallot.gateway.Refusal;
import io.shallot.loop.Promise;
import io.shallot.web.HttpException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What authentication answers when a store it reads fails (Redis for tokens, nonces and failed
 * attempts; MongoDB or Redis for apps): {@link Refusal#AUTH_UNAVAILABLE}, a 503 with
 * {@code Retry-After} that tells a client to come back, rather than a 500 that says the gateway is
 * broken. The store's failure is logged at WARN at most once per 10 s, with how many requests were
 * refused since the last report, so an outage under load cannot flood the log.
 *
 * <p>Thread-safe; one per gateway process.
 */
public final class Unavailable {
    private static final Logger LOG = LoggerFactory.getLogger(Unavailable.class);
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final Map<String, String> RETRY_AFTER = Map.of("Retry-After", "1");

    private final AtomicLong nextReport = new AtomicLong(System.nanoTime());
    private final LongAdder refused = new LongAdder();

    /** {@code call}, with a failure of {@code store} turned into AUTH_UNAVAILABLE; a refusal passes unchanged. */
    public <T> Promise<T> guard(String store, Promise<T> call) {
        return call.recover(error -> {
            throw refusal(store, error);
        });
    }

    private RuntimeException refusal(String store, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpException refusal) {
            return refusal;
        }
        refused.increment();
        long now = System.nanoTime();
        long due = nextReport.get();
        if (now - due >= 0 && nextReport.compareAndSet(due, now + REPORT_EVERY_NANOS)) {
            LOG.warn("{} failed, so authentication answers 503 ({} requests since the last report): {}", store,
                    refused.sumThenReset(), cause.toString());
        }
        return Refusal.AUTH_UNAVAILABLE.exception(cause, RETRY_AFTER);
    }
}
