package io.shallot.web.server.internal;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** A request whose head and body have fully arrived, bytes already copied off Netty's buffers. */
record InboundRequest(String method, String uri, HttpVersion version, HttpHeaders headers, byte[] body, boolean keepAlive) {
}
