package io.shallot.web.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;

/**
 * What RFC 9112 asks of a request's version, target and {@code Host} before anything reads them,
 * which Netty's decoder leaves to the server. A request is refused when its major version is not 1
 * (505), when an HTTP/1.1 request has no {@code Host}, when it has more than one, or one that is not
 * {@code host[:port]} (400; an application or a proxy choosing by host must never have to guess),
 * and when its target is neither origin-form ({@code /path?query}) nor absolute-form
 * ({@code http://host/path?query}) nor {@code *} for OPTIONS (400).
 *
 * <p>What may be served is put in the one form the rest of the server reads: an absolute-form
 * target becomes origin-form, and its authority replaces any {@code Host} received (the RFC's
 * rule, so {@code ctx.url()} and the host agree); a later HTTP/1.x minor version is served as
 * HTTP/1.1, the highest one implemented, and answered as such.
 */
final class RequestTarget {
    /** RFC 3986's reg-name characters less the percent-escape, as bits 0-63 and 64-127 of ASCII. */
    private static final long[] REG_NAME = asciiSet(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=");

    /** Why a request is not served: the status it is answered with and the message of the envelope. */
    record Refusal(HttpResponseStatus status, String message) {
    }

    private RequestTarget() {
    }

    /** Normalizes {@code request} in place; returns why it must be refused, or null. */
    static Refusal check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (!"HTTP".equals(version.protocolName()) || version.majorVersion() != 1) {
            return new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "HTTP version " + version.text() + " is not supported; use HTTP/1.1");
        }
        if (version.minorVersion() > 1) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        String target = request.uri();
        if (isAbsoluteForm(target)) {
            return fromAbsoluteForm(request, target);
        }
        if (target.equals("*") ? !HttpMethod.OPTIONS.equals(request.method()) : !target.startsWith("/")) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST,
                    "the request target must be a path ('/...'), an absolute URL ('http://host/...') or '*' for OPTIONS");
        }
        return checkHost(request);
    }

    private static Refusal fromAbsoluteForm(HttpRequest request, String target) {
        int authorityStart = target.indexOf("://") + 3;
        int pathStart = authorityStart;
        while (pathStart < target.length() && target.charAt(pathStart) != '/' && target.charAt(pathStart) != '?') {
            pathStart++;
        }
        String authority = target.substring(authorityStart, pathStart);
        if (authority.isEmpty() || !isHostAndPort(authority)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "invalid host in the absolute request target");
        }
        String rest = target.substring(pathStart);
        request.setUri(rest.startsWith("/") ? rest : "/" + rest);
        request.headers().set(HttpHeaderNames.HOST, authority);
        return null;
    }

    private static Refusal checkHost(HttpRequest request) {
        Iterator<String> hosts = request.headers().valueStringIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return request.protocolVersion().minorVersion() == 0 ? null
                    : new Refusal(HttpResponseStatus.BAD_REQUEST, "an HTTP/1.1 request needs a Host header");
        }
        String host = hosts.next();
        if (hosts.hasNext()) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "more than one Host header");
        }
        return isHostAndPort(host) ? null : new Refusal(HttpResponseStatus.BAD_REQUEST, "invalid Host header");
    }

    /** {@code http://} or {@code https://}, in any case (schemes are case-insensitive). */
    private static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * RFC 3986's {@code host [ ":" port ]}: an IP literal in brackets, or a registered name or IPv4
     * address (unreserved characters, sub-delimiters, percent-escapes); the empty host is allowed.
     * No user information, spaces or slashes.
     */
    private static boolean isHostAndPort(String value) {
        int i = 0;
        int n = value.length();
        if (n > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (i = 1; i < close; i++) {
                char c = value.charAt(i);
                if (!isIpLiteralChar(c)) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            for (; i < n && value.charAt(i) != ':'; i++) {
                char c = value.charAt(i);
                if (c == '%') {
                    if (i + 2 >= n || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                } else if (!isRegNameChar(c)) {
                    return false;
                }
            }
        }
        if (i == n) {
            return true;
        }
        if (value.charAt(i) != ':') {
            return false;
        }
        for (i++; i < n; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A bit test: the Host header is checked on every request. */
    private static boolean isRegNameChar(char c) {
        return c < 128 && (REG_NAME[c >>> 6] & 1L << c) != 0;
    }

    private static long[] asciiSet(String chars) {
        long[] bits = new long[2];
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            bits[c >>> 6] |= 1L << c;
        }
        return bits;
    }

    /** IPv6 addresses, with an IPv4 tail or a zone's percent-escape, and IPvFuture. */
    private static boolean isIpLiteralChar(char c) {
        return isRegNameChar(c) || c == ':' || c == '%';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
