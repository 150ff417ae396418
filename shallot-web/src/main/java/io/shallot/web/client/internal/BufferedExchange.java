package io.shallot.web.client.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.web.client.ClientResponse;
import io.shallot.web.client.HttpClientException;
import io.shallot.web.client.HttpClientException.Kind;
import java.util.Arrays;

/**
 * An exchange that reads the whole body into one array, up to a limit: a declared
 * {@code Content-Length} above it fails before a body byte is read, a body that grows past it fails
 * as soon as it does; either way the connection is closed, since the rest of the body is unread.
 */
final class BufferedExchange extends Exchange {
    private static final byte[] EMPTY = new byte[0];

    private final Deferred<ClientResponse> result;
    private final long maxBytes;
    private final ObjectMapper mapper;
    private byte[] buffer = EMPTY;
    private int size;

    BufferedExchange(Loop loop, Pool pool, Outbound out, Deferred<ClientResponse> result, long maxBytes, ObjectMapper mapper) {
        super(loop, pool, out);
        this.result = result;
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    @Override
    void onHead(HttpResponse response) {
        int code = response.status().code();
        if (out.method().equals(HttpMethod.HEAD) || code == 204 || code == 304) {
            return;
        }
        long declared;
        try {
            declared = HttpUtil.getContentLength(response, -1L);
        } catch (NumberFormatException e) {
            fail(Failures.protocol(out.description(), "bad Content-Length", e));
            return;
        }
        if (declared > maxBytes) {
            fail(tooLarge("declares Content-Length " + declared));
        } else if (declared > 0) {
            buffer = new byte[(int) declared];
        }
    }

    @Override
    void onContent(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        if ((long) size + n > maxBytes) {
            fail(tooLarge("has more than " + maxBytes + " bytes"));
            return;
        }
        if (size + n > buffer.length) {
            long grown = Math.max((long) size + n, Math.min(maxBytes, Math.max(8192L, buffer.length * 2L)));
            buffer = Arrays.copyOf(buffer, (int) grown);
        }
        content.getBytes(content.readerIndex(), buffer, size, n);
        size += n;
    }

    @Override
    void onComplete() {
        byte[] body = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        result.resolve(new ClientResponse(out.description(), head.status().code(), HeaderMaps.toMap(head.headers()),
                body, mapper));
    }

    @Override
    void onFailed(HttpClientException error) {
        result.reject(error);
    }

    private HttpClientException tooLarge(String detail) {
        return new HttpClientException(Kind.BODY_TOO_LARGE, out.description() + ": the response body " + detail
                + ", over the limit of " + maxBytes + " bytes (maxResponseBodyBytes); use stream() for large bodies");
    }
}
