package io.shallot.web.client.internal;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.client.ClientOptions;
import io.shallot.web.client.ClientResponse;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;
import io.shallot.web.client.StreamingResponse;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The engine behind one {@code HttpClient} and its views: a {@link Pool} per (loop, scheme, host,
 * port), each touched only by its loop's thread, so pools need no locks. A loop's pools are dropped
 * when the loop ends (its channels are closed by the loop). {@link #close} may be called from any
 * thread; every other method runs on the loop it is given.
 */
public final class Dispatcher {
    private final ClientOptions options;
    private final Connector connector;
    private final ConcurrentHashMap<Loop, Map<PoolKey, Pool>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Dispatcher(ClientOptions options) {
        this.options = options;
        this.connector = new Connector(options);
    }

    /** Runs a buffered exchange; the promise settles on {@code loop}. */
    public Promise<ClientResponse> send(Loop loop, Outbound out) {
        Deferred<ClientResponse> result = Promise.defer(loop);
        Pool pool = pool(loop, out.key());
        if (pool == null) {
            out.cancelStream();
            result.reject(closed(out));
        } else {
            new BufferedExchange(loop, pool, out, result, options.maxResponseBodyBytes(), options.objectMapper()).start();
        }
        return result.promise();
    }

    /** Runs a streaming exchange; the promise settles on {@code loop} when the head arrives. */
    public Promise<StreamingResponse> stream(Loop loop, Outbound out) {
        Deferred<StreamingResponse> result = Promise.defer(loop);
        Pool pool = pool(loop, out.key());
        if (pool == null) {
            out.cancelStream();
            result.reject(closed(out));
        } else {
            new StreamingExchange(loop, pool, out, result).start();
        }
        return result.promise();
    }

    /** Open (and connecting) connections to {@code key} from {@code loop}; for tests and metrics. Loop thread only. */
    public int openConnections(Loop loop, PoolKey key) {
        Map<PoolKey, Pool> byKey = pools.get(loop);
        Pool pool = byKey == null ? null : byKey.get(key);
        return pool == null ? 0 : pool.size();
    }

    /** Idle connections to {@code key} from {@code loop}. Loop thread only. */
    public int idleConnections(Loop loop, PoolKey key) {
        return idleChannels(loop, key).size();
    }

    /** The channels of the idle connections to {@code key}, most recently used first; for tests and diagnostics. Loop thread only. */
    public List<Channel> idleChannels(Loop loop, PoolKey key) {
        Map<PoolKey, Pool> byKey = pools.get(loop);
        Pool pool = byKey == null ? null : byKey.get(key);
        return pool == null ? List.of() : pool.idleChannels();
    }

    /** New requests fail with {@link Kind#CLOSED}; each loop closes its pools on its own thread. */
    public void close() {
        closed = true;
        pools.forEach((loop, byKey) -> {
            try {
                loop.execute(() -> closeAll(byKey));
            } catch (RejectedExecutionException e) {
                pools.remove(loop);
            }
        });
    }

    public boolean isClosed() {
        return closed;
    }

    private Pool pool(Loop loop, PoolKey key) {
        if (closed) {
            return null;
        }
        Map<PoolKey, Pool> byKey = pools.computeIfAbsent(loop, l -> {
            l.terminated().thenRun(() -> pools.remove(l));
            return new HashMap<>();
        });
        if (closed) {
            // close() may have walked the map before this loop's entry existed
            closeAll(byKey);
            return null;
        }
        return byKey.computeIfAbsent(key, k -> new Pool(loop, k, options, connector));
    }

    private static void closeAll(Map<PoolKey, Pool> byKey) {
        byKey.values().forEach(Pool::close);
    }

    private static HttpClientException closed(Outbound out) {
        return new HttpClientException(Kind.CLOSED, out.description() + ": the HttpClient is closed");
    }
}
