package io.shallot.web.server.internal;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.shallot.web.middleware.internal.Vary;

/**
 * Netty's gzip/deflate compressor, plus what caches need from a compressed response (as nginx's
 * gzip does): {@code Vary: Accept-Encoding}, so a shared cache never hands the gzip body to a client
 * that did not ask for it, and a strong {@code ETag} made weak, since the compressed bytes are not
 * the ones the tag names (RFC 9110 §8.8.1). Conditional requests compare tags weakly, so a client
 * revalidating with the weak tag still gets its 304.
 */
final class CachingAwareCompressor extends HttpContentCompressor {
    CachingAwareCompressor(int thresholdBytes) {
        super(thresholdBytes, StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate());
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        Result result = super.beginEncode(response, acceptEncoding);
        if (result != null) {
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.VARY, Vary.merge(String.join(",", headers.getAll(HttpHeaderNames.VARY)), "Accept-Encoding"));
            String etag = headers.get(HttpHeaderNames.ETAG);
            if (etag != null && etag.startsWith("\"")) {
                headers.set(HttpHeaderNames.ETAG, "W/" + etag);
            }
        }
        return result;
    }
}
