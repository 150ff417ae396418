package io.shallot.web.middleware;

import io.netty.util.concurrent.FastThreadLocal;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.Next;
import io.shallot.web.middleware.internal.LineBatch;
import io.shallot.web.middleware.internal.UtcMillis;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the SLF4J logger {@value #LOGGER} at INFO, phase {@link Phase#EDGE}:
 *
 * <pre>
 * time=2026-11-27T00:01:02.123Z method=GET path=/users/42 status=200 duration_ms=1.3 request_id=5f0c2a9e4b7d1e83 remote=127.0.0.1 route=/users/:id
 * </pre>
 *
 * Written when everything after it has settled, fulfilled or rejected; for a rejection the status
 * is the one the error responder answers with (an {@code HttpException}'s, else 500). {@code time}
 * is when the response finished, in UTC. The path is the raw, percent-encoded path without the query
 * (queries carry tokens); {@code route} is the matched pattern or {@code -}; {@code remote} is the
 * peer's IP. The duration runs from this middleware's start to the finished response, to 0.1 ms:
 * use it early in the chain. A request answered 503 by the server's request timeout is logged too,
 * with that status.
 *
 * <p>It never blocks the loop, and costs the loop little: nothing is formatted unless INFO is
 * enabled for {@value #LOGGER}, and each loop gathers the lines of one turn and hands them to SLF4J
 * as one event after the turn's I/O ({@link LineBatch}), its lines separated by {@code '\n'}. Each
 * line carries its own time, so a layout of {@code %msg%n} for this logger keeps the file one
 * request per line. The distribution's backend (Log4j2 async loggers, whose writer thread polls with
 * the examples module's {@code SliceWaitStrategy}) writes on another thread; with Log4j2's own default
 * wait strategy ({@code Timeout}) every event wakes the logging thread through a monitor, a system
 * call and a context switch on the loop thread (bench/README.md measures it). When that writer falls
 * behind and its queue fills, Log4j2's default policy makes the logging thread wait for room; the
 * distribution's {@code log4j2.component.properties} drops INFO events instead
 * ({@code log4j2.asyncQueueFullPolicy=Discard}), so a slow disk costs access lines, never the loop.
 */
public final class AccessLog implements Phased {
    public static final String LOGGER = "io.shallot.web.access";
    private static final AccessLog INSTANCE = new AccessLog(LoggerFactory.getLogger(LOGGER));
    private final Logger log;
    private final FastThreadLocal<PerLoop> perLoop = new FastThreadLocal<>();

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
        // finish listeners run on the connection's loop, so this thread's state is that loop's
        PerLoop state = perLoop.get();
        if (state == null) {
            state = new PerLoop(new LineBatch(log, ctx.loop()));
            perLoop.set(state);
        }
        state.line(state.batch.begin(), ctx, status, start);
        state.batch.end();
    }

    /** A loop's batch, clock and last peer: touched by that loop's thread only, so no locks. */
    private static final class PerLoop {
        private final LineBatch batch;
        private final UtcMillis clock = new UtcMillis();
        private InetAddress lastAddress;
        private String lastHost;

        PerLoop(LineBatch batch) {
            this.batch = batch;
        }

        StringBuilder line(StringBuilder out, Context ctx, int status, long start) {
            long end = System.nanoTime();
            long tenths = (end - start + 50_000) / 100_000;
            String route = ctx.routePattern();
            clock.appendNanoTime(out.append("time="), end);
            return out.append(" method=").append(ctx.method()).append(" path=").append(ctx.path())
                    .append(" status=").append(status).append(" duration_ms=").append(tenths / 10).append('.')
                    .append(tenths % 10).append(" request_id=").append(ctx.requestId())
                    .append(" remote=").append(host(ctx.remoteAddress()))
                    .append(" route=").append(route == null ? "-" : route);
        }

        /** Most lines repeat the last peer (one proxy, one client), so its text is kept. */
        private String host(InetSocketAddress remote) {
            InetAddress address = remote == null ? null : remote.getAddress();
            if (address == null) {
                return "-";
            }
            if (!address.equals(lastAddress)) {
                lastHost = address.getHostAddress();
                lastAddress = address;
            }
            return lastHost;
        }
    }

    @Override
    public String toString() {
        return "AccessLog";
    }
}
