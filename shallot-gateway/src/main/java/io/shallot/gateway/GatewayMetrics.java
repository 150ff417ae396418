package io.shallot.gateway;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.HttpException;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import io.shallot.web.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records every request through the gateway as the timer {@code gateway.requests} (Prometheus:
 * {@code gateway_requests_seconds_count/_sum/_max}) tagged with the {@code app} (its appid, or
 * {@code -} before authentication), the {@code api} (the matched route's id, or {@code -}) and the
 * {@code outcome} ({@link Outcome#tag()}). Apps and APIs are registered entities, so the tags stay
 * bounded; raw paths never become tags.
 *
 * <p>Put it right after the request id, before anything that can refuse: it learns the outcome
 * from the refusal travelling up the onion and records when the response is finished, so a request
 * the server's own timeout answered is counted too.
 */
public final class GatewayMetrics implements Middleware {
    private static final String NONE = "-";

    private final PrometheusMeterRegistry registry;
    /** Registering looks the meter up by a freshly built id each time; every request needs one, so they are kept by tag values. */
    private final ConcurrentHashMap<Tags, Timer> timers = new ConcurrentHashMap<>();

    public GatewayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        long start = System.nanoTime();
        Exchange exchange = Exchange.of(ctx);
        ctx.onFinish(finished -> record(exchange, finished.status(), System.nanoTime() - start));
        return next.run().recoverWith(error -> {
            exchange.outcome(outcomeOf(error));
            return Promise.reject(ctx.loop(), error);
        });
    }

    private void record(Exchange exchange, int status, long nanos) {
        Outcome outcome = exchange.outcome();
        if (outcome == Outcome.OK && status >= Status.INTERNAL_SERVER_ERROR_500) {
            outcome = Outcome.UPSTREAM_ERROR;
        }
        Tags tags = new Tags(exchange.app() == null ? NONE : exchange.app().appid(),
                exchange.route() == null ? NONE : exchange.route().api(), outcome);
        timers.computeIfAbsent(tags, this::register).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Tags tags) {
        return Timer.builder("gateway.requests")
                .description("requests through the gateway by app, api and outcome")
                .tag("app", tags.app())
                .tag("api", tags.api())
                .tag("outcome", tags.outcome().tag())
                .register(registry);
    }

    private record Tags(String app, String api, Outcome outcome) {
    }

    static Outcome outcomeOf(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof Refusal.GatewayException refusal) {
            return refusal.refusal().outcome();
        }
        if (e instanceof HttpException http && http.status() < Status.INTERNAL_SERVER_ERROR_500) {
            return http.status() == Status.NOT_FOUND_404 || http.status() == Status.METHOD_NOT_ALLOWED_405
                    ? Outcome.NOT_FOUND : Outcome.BAD_REQUEST;
        }
        return Outcome.ERROR;
    }

    @Override
    public String toString() {
        return "GatewayMetrics";
    }
}
