package io.shallot.gateway.proxy.internal;

import io.shallot.web.Context;
import io.shallot.web.body.RequestBody;
import io.shallot.web.client.StreamingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place where bodies cross the proxy, both streamed: nothing else moves bytes.
 *
 * <ul>
 *   <li>Request: a request without a body (no {@code Content-Length} nor {@code Transfer-Encoding},
 *       or a length of 0) sends none. A body an earlier middleware read in full with
 *       {@code ctx.readBody()} (the signature check does, to hash it) is sent as those bytes.
 *       Any other body is streamed through a {@link RequestPipe} as the client sends it, with its
 *       {@code Content-Length} when it had one, else chunked. The server's {@code maxBodyBytes}
 *       still applies (413, then the connection closes).</li>
 *   <li>Response: the upstream's status and end-to-end headers at once, {@code Content-Length}
 *       included when it sent one (else the body goes out chunked), then its body through a
 *       {@link ResponsePipe}: no size limit and no buffering, its bytes untouched (no re-encoding,
 *       {@code Content-Type} and {@code Content-Encoding} kept); a body with a length that arrived
 *       whole with the head (a small answer, typically) goes out with the head in one write. A
 *       response that has no body (to HEAD, 204, 304, or {@code Content-Length: 0}) gets none, and
 *       the upstream connection goes back to its pool.</li>
 * </ul>
 * Runs on the request's loop.
 */
final class BodyTransfer {
    private BodyTransfer() {
    }

    /** The request body to send upstream, decided once per request. */
    static OutgoingBody requestBody(Context ctx) {
        String length = ctx.header("Content-Length");
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (!chunked && (length == null || Long.parseLong(length.trim()) == 0)) {
            return OutgoingBody.NONE;
        }
        RequestBody read = readEarlier(ctx);
        if (read != null) {
            return read.isEmpty() ? OutgoingBody.NONE : new OutgoingBody.Buffered(read.bytes());
        }
        return new RequestPipe(ctx::bodyStream, chunked ? -1 : Long.parseLong(length.trim()));
    }

    /**
     * Makes {@code response} the answer to {@code ctx}: the head now, the body as it arrives. The
     * listener hears once how the body ended.
     *
     * @param stall how long the upstream may pause mid-body while the client keeps up
     */
    static void respond(Context ctx, StreamingResponse response, Duration stall, ResponsePipe.Listener listener) {
        if (ctx.aborted()) {
            response.body().cancel();
            listener.abandoned();
            return;
        }
        ctx.status(response.status());
        Map<String, List<String>> headers = response.headers();
        Set<String> listed = HopByHop.listedIn(headers);
        headers.forEach((name, values) -> {
            if (!HopByHop.is(name, listed)) {
                ctx.remove(name);
                values.forEach(value -> ctx.append(name, value));
            }
        });
        if (bodyless(ctx, response)) {
            response.body().read(chunk -> { }).then(end -> {
                listener.completed();
                return null;
            }, error -> {
                listener.failed(error);
                return null;
            });
            return;
        }
        byte[] whole = arrivedWhole(response);
        if (whole != null) {
            ctx.body(whole);
            listener.completed();
            return;
        }
        ctx.body(ResponsePipe.start(response.body(), stall, listener));
    }

    /**
     * The body, when it came with a {@code Content-Length} and has arrived whole with its head (so
     * the upstream connection is already back in its pool), else null. It is sent with the head in
     * one write, where streaming would cost a write for the head and one per chunk. A chunked body
     * stays chunked: it is always streamed.
     */
    private static byte[] arrivedWhole(StreamingResponse response) {
        return response.header("Content-Length") == null ? null : response.body().takeIfEnded();
    }

    /**
     * The body an earlier middleware read in full, or null while it is still unread on the wire:
     * {@code ctx.body()} is documented to throw exactly then, and the context offers no other way
     * to ask without starting to read the body.
     */
    private static RequestBody readEarlier(Context ctx) {
        try {
            return ctx.body();
        } catch (IllegalStateException unread) {
            return null;
        }
    }

    /** RFC 9110 §6.4.1: the answer to HEAD, a 204 or a 304 has no body; nor has one of length 0. */
    private static boolean bodyless(Context ctx, StreamingResponse response) {
        int status = response.status();
        return "HEAD".equalsIgnoreCase(ctx.method()) || status == 204 || status == 304
                || "0".equals(response.header("Content-Length"));
    }
}
