package io.shallot.web.middleware;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Next;
import java.net.InetAddress;
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
 * another thread. That holds with the wait strategy the distribution sets,
 * {@code log4j2.asyncLoggerWaitStrategy=Sleep} in {@code log4j2.component.properties}: with Log4j2's
 * own default ({@code Timeout}) every line wakes the logging thread through a monitor, a system
 * call and a context switch per request on the loop thread (bench/README.md measures it).
 */
public final class AccessLog implements Phased {
    public static final String LOGGER = "io.shallot.web.access";
    private static final AccessLog INSTANCE = new AccessLog(LoggerFactory.getLogger(LOGGER));
    private final Logger log;
    private Host lastHost;

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
        if (!log.isInfoEnabled()) {
            return;
        }
        long tenths = (System.nanoTime() - start + 50_000) / 100_000;
        String route = ctx.routePattern();
        // one concatenation: sized once, no placeholder parsing and no boxing, unlike a "{}" pattern
        String line = "method=" + ctx.method() + " path=" + ctx.path() + " status=" + status
                + " duration_ms=" + tenths / 10 + "." + tenths % 10 + " request_id=" + ctx.requestId()
                + " remote=" + host(ctx.remoteAddress()) + " route=" + (route == null ? "-" : route);
        log.info(line);
    }

    /** The peer's IP; the last one printed is remembered, as most lines repeat it (one proxy, one client). */
    private String host(InetSocketAddress remote) {
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return "-";
        }
        Host last = lastHost;
        if (last != null && last.address().equals(address)) {
            return last.text();
        }
        String text = address.getHostAddress();
        lastHost = new Host(address, text);
        return text;
    }

    /** Immutable, so loops sharing this middleware may read it without a lock. */
    private record Host(InetAddress address, String text) {
    }

    @Override
    public String toString() {
        return "AccessLog";
    }
}
