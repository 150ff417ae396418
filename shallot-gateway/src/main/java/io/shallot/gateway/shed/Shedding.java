package io.shallot.gateway.shed;

import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Middleware;
import io.shallot.web.Next;
import java.util.Map;
import java.util.Objects;

/**
 * Overload shedding by priority, as middleware: a request whose {@link Exchange#priority()} the
 * {@link OverloadDetector} sheds at its current level is refused with 503
 * {@link Refusal#SHED} and {@code Retry-After}, before it costs anything more. Every other request
 * is counted in flight until its response is finished, whichever way it ends (success, error,
 * timeout or a client that went away), through {@link Context#onFinish}.
 *
 * <p>Place it after authentication, so an app's priority class counts, and before the rate limit,
 * so a shed request costs no Redis round trip and consumes no allowance.
 *
 * <p>Threading: one instance serves every loop.
 */
public final class Shedding implements Middleware {
    private final OverloadDetector detector;
    private final Map<String, String> headers;

    public Shedding(OverloadDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.headers = Map.of("Retry-After", Long.toString(detector.settings().retryAfterSeconds()));
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        detector.watch(ctx.loop());
        if (detector.sheds(Exchange.of(ctx).priority())) {
            throw Refusal.SHED.exception(headers);
        }
        detector.enter();
        ctx.onFinish(finished -> detector.exit());
        return next.run();
    }

    @Override
    public String toString() {
        return "Shedding";
    }
}
