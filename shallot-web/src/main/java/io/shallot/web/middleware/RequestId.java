package io.shallot.web.middleware;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Next;
import io.shallot.web.server.internal.RequestIds;

/**
 * Names each request, phase {@link Phase#EDGE}.
 *
 * <ul>
 *   <li>{@code X-Request-Id} on the response: the incoming one when it is valid (up to 128
 *       characters of {@code [A-Za-z0-9._:-]}), else a new 16-hex-digit id; the same value as
 *       {@link Context#requestId()}, which the error and access logs print.</li>
 *   <li>W3C Trace Context: a valid incoming {@code traceparent} (exactly one header; version 00
 *       exactly 55 characters of lowercase hex, trace and parent ids not all zero) makes this
 *       request a child span of the caller's; anything else starts a new, sampled trace. Get the
 *       {@link Trace} with {@link Trace#of(Context)} and pass
 *       {@link Trace#traceparentForOutgoingCall()} on to the services this request calls. It is
 *       decided on that first call, not per request: most requests call nobody, and ids they
 *       never send would cost random numbers and hex strings on every one.</li>
 *   <li>{@code traceresponse} (Trace Context Level 2) with this request's span, only when enabled
 *       with {@link #withTraceResponse}: it tells clients trace ids, which is off by default.</li>
 * </ul>
 * The headers are set before {@code next()} runs and are kept on error responses answered for an
 * {@code HttpException} (see {@code ctx.fail}); other errors' responses lack them until the core
 * keeps headers across its error responder. Runs on the connection's loop; never blocks.
 */
public final class RequestId implements Phased {
    public static final String HEADER = "X-Request-Id";
    private static final String TRACE_RESPONSE = "traceresponse";
    private static final String[] KEPT = {HEADER};
    private static final String[] KEPT_WITH_TRACE = {HEADER, TRACE_RESPONSE};
    private final boolean traceResponse;

    private RequestId(boolean traceResponse) {
        this.traceResponse = traceResponse;
    }

    public static RequestId create() {
        return new RequestId(false);
    }

    /** A copy that also sends {@code traceresponse} when {@code enabled}. */
    public RequestId withTraceResponse(boolean enabled) {
        return new RequestId(enabled);
    }

    @Override
    public Phase phase() {
        return Phase.EDGE;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        ctx.set(HEADER, RequestIds.headerValue(ctx.requestId()));
        if (traceResponse) {
            ctx.set(TRACE_RESPONSE, Trace.decide(ctx).traceparent());
        } else {
            Trace.decideOnFirstUse(ctx);
        }
        ctx.keepOnError(traceResponse ? KEPT_WITH_TRACE : KEPT);
        return next.run();
    }

    @Override
    public String toString() {
        return "RequestId";
    }
}
