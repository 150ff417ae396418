package io.shallot.web.client.internal;

import io.netty.channel.Channel;
import io.shallot.loop.Loop;
import io.shallot.web.client.ClientOptions;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keep-alive connections to one {@link PoolKey} on one loop: at most
 * {@link ClientOptions#maxConnectionsPerHost()} open (connecting ones count), a FIFO queue of at most
 * {@link ClientOptions#maxWaitQueue()} waiters, idle connections reused most-recent-first and closed
 * after the idle timeout.
 *
 * <p>Idle connections hold nothing that keeps the loop alive: their eviction timers are unref'd and
 * an open channel is not a loop handle, so {@code Loop.run} ends once no request is in flight.
 * A connection the server closed while idle is dropped when its close is seen, and skipped if it is
 * found inactive when taken. Loop thread only.
 */
final class Pool {

    /** A request waiting for a connection; exactly one of the two is called, on the loop. */
    interface Waiter {
        void leased(ConnectionLease lease);

        void failed(HttpClientException error);
    }

    private final Loop loop;
    private final PoolKey key;
    private final ClientOptions options;
    private final Connector connector;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private int connecting;
    private boolean closed;

    Pool(Loop loop, PoolKey key, ClientOptions options, Connector connector) {
        this.loop = loop;
        this.key = key;
        this.options = options;
        this.connector = connector;
    }

    /**
     * Leases an idle connection, opens a new one, queues the waiter, or fails it with
     * {@link Kind#POOL_EXHAUSTED} when the queue is full. {@code fresh} skips idle connections and
     * jumps the queue: it is the one retry of a request whose pooled connection turned out dead.
     */
    void acquire(Waiter waiter, boolean fresh) {
        if (closed) {
            waiter.failed(new HttpClientException(Kind.CLOSED, "the HttpClient was closed; cannot reach " + key));
            return;
        }
        Connection connection = fresh ? null : takeIdle();
        if (connection != null) {
            lease(connection, waiter);
        } else if (size() < options.maxConnectionsPerHost()) {
            connect(waiter);
        } else if (fresh) {
            waiting.addFirst(waiter);
        } else if (waiting.size() >= options.maxWaitQueue()) {
            waiter.failed(new HttpClientException(Kind.POOL_EXHAUSTED, "connection pool for " + key + " is exhausted: all "
                    + options.maxConnectionsPerHost() + " connections are busy and " + waiting.size()
                    + " requests are already waiting (maxConnectionsPerHost, maxWaitQueue)"));
        } else {
            waiting.addLast(waiter);
        }
    }

    /** Forgets a waiter that gave up (timed out) before it got a connection. */
    void cancel(Waiter waiter) {
        waiting.remove(waiter);
    }

    /** Called by {@link ConnectionLease#release}. */
    void release(Connection connection, boolean reusable) {
        connection.leased = false;
        if (!reusable || closed || !connection.channel.isActive() || idleTimeoutMs(connection) <= 0) {
            discard(connection);
            dispatch();
            return;
        }
        Waiter next = waiting.pollFirst();
        if (next != null) {
            lease(connection, next);
            return;
        }
        idle.addFirst(connection);
        connection.idleSinceMs = loop.now();
        long limit = idleTimeoutMs(connection);
        if (connection.idleTimer != null && connection.idleDueMs > connection.idleSinceMs + limit) {
            clearIdleTimer(connection);
        }
        if (connection.idleTimer == null) {
            armIdleTimer(connection, limit);
        }
    }

    /** Stops taking requests: waiters fail with {@link Kind#CLOSED}, idle connections close, leased ones close when released. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection connection : new ArrayList<>(idle)) {
            discard(connection);
        }
        idle.clear();
        Waiter waiter;
        while ((waiter = waiting.pollFirst()) != null) {
            waiter.failed(new HttpClientException(Kind.CLOSED, "the HttpClient was closed while waiting for a connection to " + key));
        }
    }

    /** Open plus connecting connections. */
    int size() {
        return open.size() + connecting;
    }

    List<Channel> idleChannels() {
        return idle.stream().map(c -> c.channel).toList();
    }

    int waitingCount() {
        return waiting.size();
    }

    PoolKey key() {
        return key;
    }

    private Connection takeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.channel.isActive()) {
                return connection;
            }
            discard(connection);
        }
        return null;
    }

    private void lease(Connection connection, Waiter waiter) {
        connection.leased = true;
        waiter.leased(new ConnectionLease(this, connection));
    }

    private void connect(Waiter waiter) {
        connecting++;
        connector.connect(loop, key, (connection, error) -> {
            connecting--;
            if (error != null) {
                waiter.failed(error);
                dispatch();
                return;
            }
            open.add(connection);
            connection.channel.closeFuture().addListener(f -> onClosed(connection));
            lease(connection, waiter);
        });
    }

    /** A channel closed: if it was idle, forget it now; a leased one is forgotten when its exchange releases it. */
    private void onClosed(Connection connection) {
        if (!connection.leased && open.contains(connection)) {
            idle.remove(connection);
            discard(connection);
            dispatch();
        }
    }

    private void discard(Connection connection) {
        clearIdleTimer(connection);
        open.remove(connection);
        connection.channel.close();
    }

    /** Serves queued waiters while there is an idle connection or room for a new one. */
    private void dispatch() {
        while (!waiting.isEmpty() && !closed) {
            Connection connection = takeIdle();
            if (connection != null) {
                lease(connection, waiting.pollFirst());
            } else if (size() < options.maxConnectionsPerHost()) {
                connect(waiting.pollFirst());
            } else {
                return;
            }
        }
    }

    /**
     * The idle timer is armed once and left running while the connection is leased and released
     * again: a pooled connection serves a request every few milliseconds under load, and setting
     * and clearing a timer for each would cost more than the timer firing now and then to find the
     * connection busy or recently used, and waiting for the rest of its idle time.
     */
    private void armIdleTimer(Connection connection, long ms) {
        connection.idleDueMs = loop.now() + ms;
        connection.idleTimer = loop.setTimeout(() -> idleTimerFired(connection), ms).unref();
    }

    private void idleTimerFired(Connection connection) {
        connection.idleTimer = null;
        long limit = idleTimeoutMs(connection);
        long idleFor = loop.now() - connection.idleSinceMs;
        if (connection.leased) {
            armIdleTimer(connection, limit);
        } else if (idleFor < limit) {
            armIdleTimer(connection, limit - idleFor);
        } else {
            idle.remove(connection);
            discard(connection);
        }
    }

    private void clearIdleTimer(Connection connection) {
        if (connection.idleTimer != null) {
            loop.clearTimeout(connection.idleTimer);
            connection.idleTimer = null;
        }
    }

    /**
     * The option, capped one second below the server's {@code Keep-Alive: timeout} hint so we close
     * first and never reuse a connection the server is about to drop (undici's keepAliveTimeoutThreshold).
     */
    private long idleTimeoutMs(Connection connection) {
        long ms = options.idleTimeout().toMillis();
        long hint = connection.keepAliveHintMs;
        if (hint >= 0) {
            ms = Math.min(ms, hint > 2000 ? hint - 1000 : hint / 2);
        }
        return ms;
    }
}
