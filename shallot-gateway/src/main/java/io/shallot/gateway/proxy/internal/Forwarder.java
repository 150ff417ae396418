package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Refusal;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.client.ClientResponse;
import io.shallot.web.client.HttpClientException;
import java.util.Map;

/**
 * Sends one proxied request to its upstream and answers with the upstream's response, whatever
 * its status, or rejects with the gateway's refusal:
 *
 * <table>
 *   <caption>outcomes</caption>
 *   <tr><th>what happened</th><th>answer</th><th>counts as target/breaker failure</th></tr>
 *   <tr><td>breaker open (or half-open with its probes taken)</td><td>503 CIRCUIT_OPEN, Retry-After</td><td>-</td></tr>
 *   <tr><td>no healthy, non-ejected target</td><td>503 NO_HEALTHY_TARGET, Retry-After</td><td>-</td></tr>
 *   <tr><td>any response</td><td>relayed as it is</td><td>when 5xx</td></tr>
 *   <tr><td>connect refused, failed or timed out</td><td>an idempotent method is sent once more, to
 *       another target; else 502 UPSTREAM_FAILED</td><td>yes</td></tr>
 *   <tr><td>no response within the timeout</td><td>504 UPSTREAM_TIMEOUT (never retried: the
 *       upstream may have acted)</td><td>yes</td></tr>
 *   <tr><td>connection lost after sending, malformed response</td><td>502 UPSTREAM_FAILED</td><td>yes</td></tr>
 *   <tr><td>local limits: connection pool queue full, response over the size limit, client closed</td>
 *       <td>502 UPSTREAM_FAILED</td><td>no</td></tr>
 * </table>
 * Each attempt takes its own breaker permission and gives it back exactly once. Runs on the
 * request's loop.
 */
public final class Forwarder {
    private Forwarder() {
    }

    /**
     * Forwards the request of {@code ctx}, matched to {@code route}, and makes the upstream's
     * response its answer; fulfils with the upstream's status, or rejects with the refusal.
     */
    public static Promise<Integer> relay(Context ctx, ApiRoute route, String normalisedPath, Upstream upstream) {
        ForwardedRequest request = ForwardedRequest.of(ctx, route, normalisedPath, upstream.settings().responseTimeout());
        return attempt(upstream, request, null, null).then(response -> {
            BodyTransfer.respond(ctx, response);
            return response.status();
        });
    }

    private static Promise<ClientResponse> attempt(Upstream upstream, ForwardedRequest request, Target failed,
                                                   HttpClientException previous) {
        Circuit circuit = upstream.circuit();
        if (!circuit.tryAcquire()) {
            return Promise.reject(Refusal.CIRCUIT_OPEN.exception(retryAfter(circuit.retryAfterSeconds())));
        }
        Target target = upstream.pick(failed);
        if (target == null) {
            circuit.release();
            return Promise.reject(previous != null
                    ? Refusal.UPSTREAM_FAILED.exception(previous)
                    : Refusal.NO_HEALTHY_TARGET.exception(retryAfter(upstream.retryAfterSeconds())));
        }
        ClientRequest outgoing;
        try {
            outgoing = request.to(target);
        } catch (RuntimeException e) {
            circuit.release();
            return Promise.reject(e);
        }
        long start = System.nanoTime();
        target.begin();
        // Both handlers on one then(): an error raised while handling a response must not be
        // taken for a failure of the upstream (and retried or counted).
        return BodyTransfer.send(upstream.client(), outgoing, request.body()).then(
                response -> {
                    target.end();
                    upstream.completed(target, response.status(), System.nanoTime() - start);
                    return Promise.resolve(response);
                },
                error -> {
                    target.end();
                    return failure(upstream, request, target, failed == null, error, System.nanoTime() - start);
                })
                .compose(next -> next);
    }

    private static Promise<ClientResponse> failure(Upstream upstream, ForwardedRequest request, Target target,
                                                   boolean firstAttempt, Throwable error, long nanos) {
        if (!(error instanceof HttpClientException failure)) {
            upstream.circuit().release();
            return Promise.reject(error);
        }
        switch (failure.kind()) {
            case CONNECT_TIMEOUT, CONNECTION_REFUSED, CONNECT_FAILED -> {
                upstream.failed(target, nanos, failure);
                if (firstAttempt && request.idempotent()) {
                    return attempt(upstream, request, target, failure);
                }
                return Promise.reject(Refusal.UPSTREAM_FAILED.exception(failure));
            }
            case RESPONSE_TIMEOUT -> {
                upstream.failed(target, nanos, failure);
                return Promise.reject(Refusal.UPSTREAM_TIMEOUT.exception(failure));
            }
            case CONNECTION_CLOSED, PROTOCOL -> {
                upstream.failed(target, nanos, failure);
                return Promise.reject(Refusal.UPSTREAM_FAILED.exception(failure));
            }
            default -> {
                upstream.circuit().release();
                return Promise.reject(Refusal.UPSTREAM_FAILED.exception(failure));
            }
        }
    }

    private static Map<String, String> retryAfter(long seconds) {
        return Map.of("Retry-After", Long.toString(seconds));
    }
}
