package io.shallot.gateway.proxy.internal;

import io.shallot.loop.Promise;
import io.shallot.web.Context;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.client.ClientResponse;
import io.shallot.web.client.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place where bodies cross the proxy, buffered for now: the request body the server has
 * read in full goes upstream as bytes, and the upstream's whole response (up to the client's
 * 16 MiB limit, else 502) becomes the response, as it came: status, end-to-end headers, and the
 * body bytes untouched (no re-encoding, its {@code Content-Type} and {@code Content-Encoding}
 * kept). When the server can stream request and response bodies, this class switches to
 * {@link HttpClient#stream} and stream bodies; nothing outside it moves bytes.
 *
 * <p>Runs on the request's loop.
 */
final class BodyTransfer {
    private BodyTransfer() {
    }

    /** The request body to send, read once per request (a retry sends it again). */
    static byte[] requestBody(Context ctx) {
        return ctx.body().bytes();
    }

    /** Sends {@code request} with {@code body}, none when it is empty. */
    static Promise<ClientResponse> send(HttpClient client, ClientRequest request, byte[] body) {
        if (body.length > 0) {
            request.body(body);
        }
        return client.send(request);
    }

    /**
     * Makes {@code response} the answer to {@code ctx}. {@code Content-Length} is the server's to
     * set from the body, except for HEAD, where the upstream's stands for the body it did not send.
     */
    static void respond(Context ctx, ClientResponse response) {
        ctx.status(response.status());
        Map<String, List<String>> headers = response.headers();
        Set<String> listed = HopByHop.listedIn(headers);
        boolean head = "HEAD".equalsIgnoreCase(ctx.method());
        headers.forEach((name, values) -> {
            if (HopByHop.is(name, listed) || (!head && name.equalsIgnoreCase("content-length"))) {
                return;
            }
            ctx.remove(name);
            values.forEach(value -> ctx.append(name, value));
        });
        if (response.body().length > 0 && !head) {
            ctx.body(response.body());
        }
    }
}
