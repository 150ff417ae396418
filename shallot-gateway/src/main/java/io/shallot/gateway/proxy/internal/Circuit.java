package io.shallot.gateway.proxy.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.shallot.gateway.proxy.UpstreamSettings;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one upstream: Resilience4j's, count-based, plus what a refusal needs,
 * the seconds until it lets calls through again ({@code Retry-After}). Every acquired permission
 * ends in exactly one of {@link #success}, {@link #failure} or {@link #release}, else a half-open
 * breaker would wait for its probe forever. Thread-safe; shared by every loop.
 */
final class Circuit {
    private static final Logger LOG = LoggerFactory.getLogger(Circuit.class);

    private final CircuitBreaker breaker;
    private final long openForMs;
    private volatile long openUntilMs;

    Circuit(String upstream, UpstreamSettings.Breaker settings) {
        this.openForMs = settings.openFor().toMillis();
        this.breaker = CircuitBreaker.of("upstream-" + upstream, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openUntilMs = Target.nowMs() + openForMs;
                LOG.warn("upstream {}: circuit breaker opened ({}); requests are refused for {} ms", upstream,
                        event.getStateTransition(), openForMs);
            } else {
                LOG.info("upstream {}: circuit breaker {}", upstream, event.getStateTransition());
            }
        });
    }

    boolean tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    void success(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failure(long nanos, Throwable cause) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
    }

    /** Gives back a permission whose call says nothing about the upstream's health. */
    void release() {
        breaker.releasePermission();
    }

    /** Whole seconds, at least 1, until an open breaker lets probes through; 1 while half-open. */
    long retryAfterSeconds() {
        long remaining = openUntilMs - Target.nowMs();
        return Math.max(1, (remaining + 999) / 1000);
    }
}
