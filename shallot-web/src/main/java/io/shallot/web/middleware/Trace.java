package io.shallot.web.middleware;

import io.shallot.web.Context;
import io.shallot.web.middleware.internal.TraceIds;

/**
 * The W3C Trace Context (https://www.w3.org/TR/trace-context/) of one request, as {@link RequestId}
 * stores it in {@code ctx.state()} under {@link #STATE_KEY}: the trace the request belongs to, the
 * span this server opened for it, the caller's span ({@code null} when this request started the
 * trace) and the trace flags. Immutable; safe to hand to any thread.
 *
 * <pre>{@code
 * Trace trace = Trace.of(ctx);
 * clientRequest.header("traceparent", trace.traceparentForOutgoingCall());
 * clientRequest.header("tracestate", trace.traceState());   // when not empty
 * }</pre>
 *
 * @param traceId      32 lowercase hex digits, not all zero
 * @param spanId       this request's span: 16 lowercase hex digits, not all zero
 * @param parentSpanId the incoming {@code traceparent}'s parent-id, or {@code null} for a new trace
 * @param flags        the trace-flags byte; bit 0 is {@code sampled}
 * @param traceState   the incoming {@code tracestate}, passed on unchanged; empty when none
 */
public record Trace(String traceId, String spanId, String parentSpanId, int flags, String traceState) {

    /** The key of the request's {@code Trace} in {@code ctx.state()}. */
    public static final String STATE_KEY = "shallot.trace";

    public Trace {
        if (!TraceIds.isValid(traceId, 32)) {
            throw new IllegalArgumentException("trace id must be 32 lowercase hex digits, not all zero: " + traceId);
        }
        if (!TraceIds.isValid(spanId, 16)) {
            throw new IllegalArgumentException("span id must be 16 lowercase hex digits, not all zero: " + spanId);
        }
        if (parentSpanId != null && !TraceIds.isValid(parentSpanId, 16)) {
            throw new IllegalArgumentException("parent span id must be 16 lowercase hex digits, not all zero: " + parentSpanId);
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("trace flags are one byte, got " + flags);
        }
        traceState = traceState == null ? "" : traceState;
    }

    /**
     * The trace that {@link RequestId} stored for this request.
     *
     * @throws IllegalStateException when no {@code RequestId} middleware ran before the caller
     */
    public static Trace of(Context ctx) {
        if (ctx.state().get(STATE_KEY) instanceof Trace trace) {
            return trace;
        }
        throw new IllegalStateException("no Trace for " + ctx.method() + " " + ctx.path()
                + ": add RequestId.create() before the middleware that calls Trace.of(ctx)");
    }

    /** Whether the caller (or this server, for a new trace) decided to record this trace. */
    public boolean sampled() {
        return (flags & 1) != 0;
    }

    /** The {@code traceparent} naming this request's own span, e.g. for {@code traceresponse}. */
    public String traceparent() {
        return format(spanId);
    }

    /**
     * A {@code traceparent} value for a call this request makes to another service: same trace and
     * flags, and a new span id as parent-id, standing for the client span of that call. Each call
     * gets a fresh one.
     */
    public String traceparentForOutgoingCall() {
        return format(TraceIds.newSpanId());
    }

    /**
     * A client interceptor ({@code client.with(Trace.propagation(ctx))}) that gives every call made
     * for this request a fresh {@code traceparent} of this trace (plus {@code tracestate}) and the
     * request's {@code X-Request-Id}. Without {@link RequestId} upstream, only the request id is sent.
     */
    public static java.util.function.Consumer<io.shallot.web.client.ClientRequest> propagation(Context ctx) {
        Trace trace = ctx.state().get(STATE_KEY) instanceof Trace t ? t : null;
        String requestId = ctx.requestId();
        return request -> {
            request.header(RequestId.HEADER, requestId);
            if (trace != null) {
                request.header("traceparent", trace.traceparentForOutgoingCall());
                if (!trace.traceState().isEmpty()) {
                    request.header("tracestate", trace.traceState());
                }
            }
        };
    }

    private String format(String span) {
        return "00-" + traceId + "-" + span + "-" + TraceIds.hex2(flags);
    }
}
