package io.shallot.gateway.proxy.internal;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Outcome;
import io.shallot.gateway.Refusal;
import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.StreamingResponse;
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
 *   <tr><td>any response</td><td>relayed as it is, the body streamed</td><td>when 5xx</td></tr>
 *   <tr><td>connect refused, failed or timed out</td><td>an idempotent method is sent once more, to
 *       another target, if the upstream has taken no byte of the request body yet (so far it
 *       never has: the body is read only once a connection is up; see {@link RequestPipe});
 *       else 502 UPSTREAM_FAILED</td><td>yes</td></tr>
 *   <tr><td>no response head within the timeout (which counts from the start, so includes
 *       sending the request body)</td><td>504 UPSTREAM_TIMEOUT (never retried: the upstream may have
 *       acted)</td><td>yes, unless the request body was still being sent</td></tr>
 *   <tr><td>connection lost after sending, malformed response</td><td>502 UPSTREAM_FAILED</td><td>yes</td></tr>
 *   <tr><td>the response body fails, or sends nothing for the timeout while the client keeps up,
 *       after the head went out</td><td>the client's connection is closed mid-body; outcome
 *       upstream_error</td><td>yes</td></tr>
 *   <tr><td>the client leaves during the response body</td><td>the upstream connection is closed,
 *       not reused</td><td>no</td></tr>
 *   <tr><td>the client's request body fails: it left mid-body, or passed the server's limit</td>
 *       <td>that failure (413 for the limit, already answered by the server)</td><td>no</td></tr>
 *   <tr><td>local limits: connection pool queue full, HTTP client closed</td>
 *       <td>502 UPSTREAM_FAILED</td><td>no</td></tr>
 * </table>
 * Each attempt takes its own breaker permission and gives it back exactly once: at the end of the
 * response body when there was a response, with the time to its head as the call's duration (a long
 * download is not a slow call). The target counts as in flight until then. Runs on the request's loop.
 */
public final class Forwarder {
    private Forwarder() {
    }

    /**
     * Forwards the request of {@code ctx}, matched to {@code route}, without the user token sent in
     * {@code userTokenHeader}, and makes the upstream's response its answer; fulfils with the
     * upstream's status once its head has arrived (the body follows), or rejects with the refusal.
     */
    public static Promise<Integer> relay(Context ctx, ApiRoute route, String normalisedPath, String userTokenHeader,
                                         Upstream upstream) {
        ForwardedRequest request = ForwardedRequest.of(ctx, route, normalisedPath, userTokenHeader,
                upstream.settings().responseTimeout());
        return attempt(ctx, upstream, request, null, null).recoverWith(error -> {
            request.body().discard();
            return Promise.reject(ctx.loop(), error);
        });
    }

    private static Promise<Integer> attempt(Context ctx, Upstream upstream, ForwardedRequest request, Target failed,
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
            request.body().attachTo(outgoing);
        } catch (RuntimeException e) {
            circuit.release();
            return Promise.reject(e);
        }
        long start = System.nanoTime();
        target.begin();
        // Both handlers on one then(): an error raised while handling a response must not be
        // taken for a failure of the upstream (and retried or counted).
        return upstream.client().stream(outgoing).then(
                response -> {
                    BodyTransfer.respond(ctx, response, request.timeout(),
                            accounting(ctx, upstream, target, response, System.nanoTime() - start));
                    return Promise.resolve(response.status());
                },
                error -> {
                    target.end();
                    return failure(ctx, upstream, request, target, failed == null, error, System.nanoTime() - start);
                })
                .compose(next -> next);
    }

    /** Settles the attempt's target and breaker permission once the response body has ended. */
    private static ResponsePipe.Listener accounting(Context ctx, Upstream upstream, Target target,
                                                    StreamingResponse response, long headNanos) {
        return new ResponsePipe.Listener() {
            @Override
            public void completed() {
                target.end();
                upstream.completed(target, response.status(), headNanos);
            }

            @Override
            public void failed(Throwable cause) {
                target.end();
                upstream.failed(target, headNanos, cause);
                Exchange.of(ctx).outcome(Outcome.UPSTREAM_ERROR);
            }

            @Override
            public void abandoned() {
                target.end();
                upstream.circuit().release();
            }
        };
    }

    private static Promise<Integer> failure(Context ctx, Upstream upstream, ForwardedRequest request, Target target,
                                            boolean firstAttempt, Throwable error, long nanos) {
        Throwable clientSide = request.body().failure();
        if (clientSide != null) {
            upstream.circuit().release();
            return Promise.reject(clientSide);
        }
        if (!(error instanceof HttpClientException failure)) {
            upstream.circuit().release();
            return Promise.reject(error);
        }
        switch (failure.kind()) {
            case CONNECT_TIMEOUT, CONNECTION_REFUSED, CONNECT_FAILED -> {
                upstream.failed(target, nanos, failure);
                if (firstAttempt && request.idempotent() && request.body().replayable()) {
                    return attempt(ctx, upstream, request, target, failure);
                }
                return Promise.reject(Refusal.UPSTREAM_FAILED.exception(failure));
            }
            case RESPONSE_TIMEOUT -> {
                if (request.body().complete()) {
                    upstream.failed(target, nanos, failure);
                } else {
                    // still uploading: a slow client must not get a healthy target ejected
                    upstream.circuit().release();
                }
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
