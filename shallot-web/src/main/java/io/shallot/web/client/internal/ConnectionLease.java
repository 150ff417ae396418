package io.shallot.web.client.internal;

import io.netty.channel.Channel;

/**
 * An exchange's exclusive use of a pooled {@link Connection}, given back exactly once with
 * {@link #release}: reusable connections return to the pool (or go straight to the next waiter),
 * others are closed. Loop thread only.
 */
final class ConnectionLease {
    private final Pool pool;
    private final Connection connection;
    private final boolean reused;
    private boolean released;

    ConnectionLease(Pool pool, Connection connection) {
        this.pool = pool;
        this.connection = connection;
        this.reused = connection.served > 0;
    }

    Channel channel() {
        return connection.channel;
    }

    /** Whether the connection served an earlier request, so the server may have closed it meanwhile. */
    boolean reused() {
        return reused;
    }

    void attach(Connection.Events events) {
        connection.events = events;
    }

    /** The server's {@code Keep-Alive: timeout} hint in ms, to close the idle connection before it does. */
    void keepAliveHint(long ms) {
        connection.keepAliveHintMs = ms;
    }

    boolean released() {
        return released;
    }

    void release(boolean reusable) {
        if (released) {
            return;
        }
        released = true;
        connection.events = null;
        if (reusable) {
            connection.served++;
            connection.channel.config().setAutoRead(true);
        }
        pool.release(connection, reusable);
    }
}
