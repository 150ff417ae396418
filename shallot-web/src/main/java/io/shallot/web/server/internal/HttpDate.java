package io.shallot.web.server.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Date;

/**
 * The {@code Date} of every response (RFC 9110 §6.6.1: an origin server with a clock must send it in
 * each 2xx, 3xx and 4xx response; Node sends it in all), as an IMF-fixdate
 * ({@code Sat, 28 Nov 2026 03:20:00 GMT}). Each thread formats it once a second; a {@code Date}
 * the application or an upstream set is kept.
 */
final class HttpDate {
    private static final FastThreadLocal<HttpDate> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected HttpDate initialValue() {
            return new HttpDate();
        }
    };
    private long second = Long.MIN_VALUE;
    private AsciiString text;

    /** Sets {@code Date} to now unless {@code headers} already have one. */
    static void addTo(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.DATE)) {
            headers.set(HttpHeaderNames.DATE, PER_THREAD.get().at(System.currentTimeMillis()));
        }
    }

    private AsciiString at(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        if (s != second) {
            second = s;
            text = AsciiString.cached(DateFormatter.format(new Date(s * 1000)));
        }
        return text;
    }
}
