package io.shallot.web.middleware;

import io.shallot.web.Context;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.middleware.internal.TraceIds;
import io.shallot.web.server.internal.TraceSlot;
import java.util.function.Consumer;

/**
 * The W3C Trace Context (https://www.w3.org/TR/trace-context/) of one request, as {@link RequestId}
 * decides it from the request's headers: the trace the request belongs to, the
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

    /** Where a context without a {@link TraceSlot} keeps {@link #UNDECIDED}, then the {@code Trace}. */
    private static final String STATE_KEY = "shallot.trace";
    /** Marks a request whose {@link RequestId} ran and whose trace nobody has asked for yet. */
    private static final Object UNDECIDED = new Object();

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
        Trace trace = find(ctx);
        if (trace != null) {
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
    public static Consumer<ClientRequest> propagation(Context ctx) {
        Trace trace = find(ctx);
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

    /** Decides the request's trace from its headers now and keeps it (for {@link RequestId}). */
    static Trace decide(Context ctx) {
        Trace trace = ctx.header("traceparent") == null ? TraceIds.newTrace()
                : TraceIds.fromHeaders(ctx.headers("traceparent"), ctx.headers("tracestate"));
        keep(ctx, trace);
        return trace;
    }

    /** Lets the first {@link #of} or {@link #propagation} decide the request's trace (for {@link RequestId}). */
    static void decideOnFirstUse(Context ctx) {
        keep(ctx, UNDECIDED);
    }

    /** The request's trace, decided now if {@link RequestId} left it undecided; null without RequestId. */
    private static Trace find(Context ctx) {
        Object kept = ctx instanceof TraceSlot slot ? slot.traceSlot() : ctx.state().get(STATE_KEY);
        if (kept instanceof Trace trace) {
            return trace;
        }
        return kept == UNDECIDED ? decide(ctx) : null;
    }

    private static void keep(Context ctx, Object value) {
        if (ctx instanceof TraceSlot slot) {
            slot.traceSlot(value);
        } else {
            ctx.state().put(STATE_KEY, value);
        }
    }

    private String format(String span) {
        return "00-" + traceId + "-" + span + "-" + TraceIds.hex2(flags);
    }
}
