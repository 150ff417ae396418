package io.shallot.web.client.internal;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shallot.web.client.BodyStream;

/**
 * A request frozen for sending: final headers ({@code Host}, {@code Content-Length} or chunked
 * already decided), either a byte body, a stream body or neither.
 *
 * @param description method and URL, for error messages
 * @param timeoutMs   response timeout, 0 for none
 */
public record Outbound(PoolKey key, HttpMethod method, String path, HttpHeaders headers, byte[] body,
        BodyStream stream, long timeoutMs, String description) {

    /** Tells a stream body's producer that nobody will read it. */
    void cancelStream() {
        if (stream != null) {
            stream.cancel();
        }
    }
}
