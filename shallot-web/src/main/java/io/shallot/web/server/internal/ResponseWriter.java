package io.shallot.web.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.shallot.web.Envelope;
import io.shallot.web.Status;
import io.shallot.web.client.BodyStream;
import java.nio.charset.StandardCharsets;

/**
 * The single respond step (Koa's {@code respond()}), run once per request after the chain settled.
 *
 * <table>
 *   <caption>What is sent</caption>
 *   <tr><th>body</th><th>status</th><th>Content-Type (unless set)</th></tr>
 *   <tr><td>never set, no explicit status</td><td>404</td><td>the JSON envelope "Not Found"</td></tr>
 *   <tr><td>never set, explicit status</td><td>that status</td><td>none, empty body</td></tr>
 *   <tr><td>set to null</td><td>204 unless explicit</td><td>none, empty body</td></tr>
 *   <tr><td>{@code String}</td><td>200 unless explicit</td><td>text/plain; charset=utf-8</td></tr>
 *   <tr><td>{@code byte[]}</td><td>200 unless explicit</td><td>application/octet-stream</td></tr>
 *   <tr><td>{@link BodyStream}</td><td>200 unless explicit</td><td>application/octet-stream; sent as
 *       it is produced, with the Content-Length set by the middleware if any (then exactly that
 *       many bytes, else the connection is closed), otherwise chunked (HTTP/1.1) or delimited by
 *       closing the connection (HTTP/1.0)</td></tr>
 *   <tr><td>anything else, or via {@code json()}</td><td>200 unless explicit</td><td>application/json; charset=utf-8</td></tr>
 * </table>
 * Every response carries {@code Date} ({@link HttpDate}).
 * 1xx, 204 and 304 never carry a body nor a Content-Length; HEAD gets the headers of GET without
 * the body (a HEAD handler that sets Content-Length and no body keeps it). A {@link BodyStream} that
 * is not sent (HEAD, 1xx, 204, 304) is cancelled, so its producer stops.
 */
final class ResponseWriter {
    private static final byte[] EMPTY = new byte[0];
    static final AsciiString JSON = AsciiString.cached("application/json; charset=utf-8");
    private static final AsciiString TEXT = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString OCTETS = AsciiString.cached("application/octet-stream");

    private ResponseWriter() {
    }

    /**
     * The whole response, or for a {@link BodyStream} body only its head: a {@link FullHttpResponse}
     * is complete, any other {@link HttpResponse} is followed by the stream's chunks.
     */
    static HttpResponse build(DefaultContext ctx, boolean keepAlive) throws Exception {
        HttpHeaders headers = ctx.responseHeaders();
        int status = ctx.status();
        boolean head = "HEAD".equals(ctx.method());
        boolean streamed = false;
        byte[] bytes;
        if (!ctx.bodySet()) {
            if (ctx.explicitStatus()) {
                bytes = EMPTY;
            } else {
                status = Status.NOT_FOUND_404;
                bytes = JsonBodies.write(ctx.mapper(), Envelope.error(-1, "Not Found"));
                headers.set(HttpHeaderNames.CONTENT_TYPE, JSON);
            }
        } else if (ctx.responseBody() instanceof BodyStream stream) {
            checkLoop(ctx, stream);
            defaultType(headers, OCTETS);
            if (!head && !Status.isEmptyBody(status)) {
                return streamHead(ctx, headers, status, keepAlive);
            }
            stream.cancel();
            streamed = true;
            bytes = EMPTY;
        } else {
            bytes = serialize(ctx, headers);
        }
        if (Status.isEmptyBody(status)) {
            bytes = EMPTY;
            headers.remove(HttpHeaderNames.CONTENT_TYPE);
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        }
        // wrapped, not copied into a pooled buffer: the encoder copies a small body into the buffer of
        // the head it writes anyway, and the channel copies a larger one into a direct buffer, both
        // during the write; one pooled buffer less per response, and nothing to release if unsent
        ByteBuf content = bytes.length == 0 || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        HttpVersion version = ctx.request().version();
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status), content,
                headers, EmptyHttpHeaders.INSTANCE);
        if (status == Status.NO_CONTENT_204 || status == Status.NOT_MODIFIED_304 || (status >= 100 && status < 200)) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else if (streamed) {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        } else if (!(head && !ctx.bodySet() && headers.contains(HttpHeaderNames.CONTENT_LENGTH))) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, HeaderValues.length(bytes.length));
        }
        connection(headers, version, keepAlive);
        HttpDate.addTo(headers);
        return response;
    }

    private static HttpResponse streamHead(DefaultContext ctx, HttpHeaders headers, int status, boolean keepAlive) {
        HttpVersion version = ctx.request().version();
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            checkLength(length);
        } else if (version.isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            keepAlive = false;
        }
        connection(headers, version, keepAlive);
        HttpDate.addTo(headers);
        return new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status), headers);
    }

    private static void connection(HttpHeaders headers, HttpVersion version, boolean keepAlive) {
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static void checkLength(String length) {
        boolean valid = !length.isEmpty() && length.length() < 19;
        for (int i = 0; valid && i < length.length(); i++) {
            valid = length.charAt(i) >= '0' && length.charAt(i) <= '9';
        }
        if (!valid) {
            throw new IllegalStateException("invalid Content-Length for a streamed response body: " + length);
        }
    }

    private static void checkLoop(DefaultContext ctx, BodyStream stream) {
        if (stream.loop() != ctx.loop()) {
            throw new IllegalStateException("the response body stream belongs to loop " + stream.loop().name()
                    + " but the request runs on loop " + ctx.loop().name() + "; create it on ctx.loop()");
        }
    }

    private static byte[] serialize(DefaultContext ctx, HttpHeaders headers) throws Exception {
        Object body = ctx.responseBody();
        if (body == null) {
            return EMPTY;
        }
        if (ctx.jsonBody()) {
            return JsonBodies.write(ctx.mapper(), body);
        }
        if (body instanceof String text) {
            defaultType(headers, TEXT);
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof byte[] raw) {
            defaultType(headers, OCTETS);
            return raw;
        }
        defaultType(headers, JSON);
        return JsonBodies.write(ctx.mapper(), body);
    }

    private static void defaultType(HttpHeaders headers, AsciiString type) {
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
    }
}
