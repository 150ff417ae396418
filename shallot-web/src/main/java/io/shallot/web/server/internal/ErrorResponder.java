package io.shallot.web.server.internal;

import io.shallot.web.Context;
import io.shallot.web.Envelope;
import io.shallot.web.HttpException;
import io.shallot.web.Status;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place an error escaping the chain becomes a response (Koa's {@code ctx.onerror}): every
 * header set so far is dropped, an {@link HttpException} gives its status, ret and exposable
 * message, anything else is a 500 whose details stay in the log (with the request id). A 5xx
 * whose message is meant for clients (a gateway shedding load) is a decision, not a failure: it
 * is logged at debug like a 4xx, so overload does not flood the log with stack traces. Failures
 * are logged with theirs within a budget ({@link ErrorLogBudget}), so an outage does not either. Logs name
 * the path without its query, which may carry credentials ({@code ?access_token=}).
 */
final class ErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger("io.shallot.web.errors");

    private ErrorResponder() {
    }

    static void prepare(DefaultContext ctx, Throwable thrown, BiConsumer<Throwable, Context> listener,
                        ErrorLogBudget errorLog) {
        Throwable error = unwrap(thrown);
        ctx.resetResponse();
        int status;
        int ret;
        String message;
        if (error instanceof HttpException http) {
            status = http.status();
            ret = http.ret();
            message = http.expose() ? http.getMessage() : Status.reason(status);
            for (Map.Entry<String, String> header : http.headers().entrySet()) {
                ctx.set(header.getKey(), header.getValue());
            }
        } else {
            status = Status.INTERNAL_SERVER_ERROR_500;
            ret = -1;
            message = "server error";
        }
        ctx.status(status);
        ctx.json(Envelope.error(ret, message));
        boolean deliberate = error instanceof HttpException http && http.expose();
        if (status >= 500 && !deliberate) {
            long withheld = errorLog.take();
            if (withheld == 0) {
                LOG.error("{} {} -> {} [request {}]", ctx.method(), ctx.path(), status, ctx.requestId(), error);
            } else if (withheld > 0) {
                LOG.error("{} {} -> {} [request {}] ({} server errors before it were not logged)", ctx.method(), ctx.path(),
                        status, ctx.requestId(), withheld, error);
            }
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} {} [request {}]", ctx.method(), ctx.path(), status, message, ctx.requestId());
        }
        if (listener != null) {
            try {
                listener.accept(error, ctx);
            } catch (Throwable t) {
                LOG.error("the app's onError listener failed [request {}]", ctx.requestId(), t);
            }
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
