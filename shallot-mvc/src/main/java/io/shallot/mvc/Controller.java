package io.shallot.mvc;

import io.shallot.web.Context;
import io.shallot.web.Envelope;

/**
 * Base of every controller (the document's {@code core/Controller.js}). A new instance serves each
 * request, so {@link #ctx()} is this request's context; services are shared singletons reached
 * through {@link #service}. An action is a public no-argument method named in the route table: one
 * returning a {@code Promise} or {@code CompletionStage} runs on the loop, any other runs on a
 * virtual thread, where blocking is fine (the document's async {@code list} and sync {@code test}).
 */
public abstract class Controller {
    private Context ctx;
    private Services services;

    final void bind(Context ctx, Services services) {
        this.ctx = ctx;
        this.services = services;
    }

    protected final Context ctx() {
        return ctx;
    }

    protected final <S> S service(Class<S> type) {
        return services.get(type);
    }

    /** The document's {@code resApi}: HTTP 200 with {@code {ret: 0 | -1, message, data}}. */
    protected final Envelope resApi(boolean success, String message, Object data) {
        return resApi(success, message, data, 200);
    }

    /**
     * Writes the envelope exactly as the document's {@code setResInfo}: {@code ret} 0 on success,
     * -1 otherwise; the message defaults to "success" / "error"; data defaults to {@code {}}.
     */
    protected final Envelope resApi(boolean success, String message, Object data, int httpStatus) {
        Envelope envelope = new Envelope(success ? 0 : -1, message != null ? message : success ? "success" : "error", data);
        ctx.status(httpStatus);
        ctx.json(envelope);
        return envelope;
    }
}
