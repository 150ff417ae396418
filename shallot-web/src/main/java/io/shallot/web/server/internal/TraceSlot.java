package io.shallot.web.server.internal;

/**
 * Where {@code Trace} keeps a request's trace (or the mark that it is still undecided): a field,
 * not an entry in {@code ctx.state()}, whose map would otherwise be allocated for every request
 * only to hold it.
 */
public interface TraceSlot {
    Object traceSlot();

    void traceSlot(Object value);
}
