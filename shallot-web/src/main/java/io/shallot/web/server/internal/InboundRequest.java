package io.shallot.web.server.internal;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A request ready for the chain: with its body fully arrived and copied off Netty's buffers, or,
 * when request bodies are streamed, with no {@code body} and the {@code stream} it arrives through.
 */
record InboundRequest(String method, String uri, HttpVersion version, HttpHeaders headers, byte[] body, boolean keepAlive,
        InboundBody stream) {
}
