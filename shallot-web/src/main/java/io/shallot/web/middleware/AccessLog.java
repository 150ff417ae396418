package io.shallot.web.middleware;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Next;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the SLF4J logger {@value #LOGGER} at INFO, phase {@link Phase#EDGE}:
 *
 * <pre>
 * method=GET path=/users/42 status=200 duration_ms=1.3 request_id=5f0c2a9e4b7d1e83 remote=127.0.0.1 route=/users/:id
 * </pre>
 *
 * Written when everything after it has settled, fulfilled or rejected; for a rejection the status
 * is the one the error responder answers with (an {@code HttpException}'s, else 500). The path is
 * the raw, percent-encoded path without the query (queries carry tokens); {@code route} is the
 * matched pattern or {@code -}; {@code remote} is the peer's IP. The duration runs from this
 * middleware's start to the finished response, to 0.1 ms: use it early in the chain. A request
 * answered 503 by the server's request timeout is logged too, with that status.
 *
 * <p>It never blocks the loop: nothing is formatted unless INFO is enabled for {@value #LOGGER}, and
 * the line goes to SLF4J, whose backend in the distribution (Log4j2 async loggers) writes it on
 * another thread.
 */
public final class AccessLog implements Phased {
    public static final String LOGGER = "io.shallot.web.access";
    private static final AccessLog INSTANCE = new AccessLog(LoggerFactory.getLogger(LOGGER));
    private final Logger log;

    private AccessLog(Logger log) {
        this.log = log;
    }

    public static AccessLog create() {
        return INSTANCE;
    }

    @Override
    public Phase phase() {
        return Phase.EDGE;
    }

    @Override
    public Promise<Void> handle(Context ctx, Next next) {
        long start = System.nanoTime();
        ctx.onFinish(done -> log(done, done.status(), start));
        return next.run();
    }

    private void log(Context ctx, int status, long start) {
        if (log.isInfoEnabled()) {
            long tenths = (System.nanoTime() - start + 50_000) / 100_000;
            InetSocketAddress remote = ctx.remoteAddress();
            String route = ctx.routePattern();
            log.info("method={} path={} status={} duration_ms={} request_id={} remote={} route={}",
                    ctx.method(), ctx.path(), status, (tenths / 10) + "." + (tenths % 10), ctx.requestId(),
                    remote == null || remote.getAddress() == null ? "-" : remote.getAddress().getHostAddress(),
                    route == null ? "-" : route);
        }
    }

    @Override
    public String toString() {
        return "AccessLog";
    }
}
