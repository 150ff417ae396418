package io.shallot.web.client;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.shallot.web.client.internal.HeaderMaps;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP/1.1 request to send with {@link HttpClient#send} or {@link HttpClient#stream}: method,
 * absolute {@code http}/{@code https} target, headers, an optional body and an optional
 * per-request response timeout. Built fluently:
 *
 * <pre>{@code
 * ClientRequest.post("http://users:8080/v1/users").header("x-request-id", id).json(user)
 * }</pre>
 *
 * <p>Threading: a mutable builder with no locking; build it on one thread. The client copies it
 * when the call starts, so it may be reused afterwards (a {@link BodyStream} body can be read once).
 *
 * <p>Errors: a malformed URL, an unsupported scheme, an invalid method token, or a header name or
 * value with control characters (header injection) throw {@link IllegalArgumentException} at once.
 * {@code Host} and {@code Content-Length} are filled in when sending unless set here; with a
 * streamed body and no {@code Content-Length}, the body is sent chunked.
 */
public final class ClientRequest {
    private final HttpMethod method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    final HttpHeaders headers;
    byte[] bytes;
    Object json;
    boolean hasJson;
    BodyStream stream;
    Duration timeout;

    private ClientRequest(HttpMethod method, String scheme, String host, int port, String path, HttpHeaders headers) {
        this.method = method;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.headers = headers;
    }

    /** A request for {@code method} (any token, e.g. {@code "PATCH"}) to an absolute http(s) URL. */
    public static ClientRequest of(String method, String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("URL '" + url + "' must be absolute with scheme http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URL '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL '" + url + "' carries user info; send an Authorization header instead");
        }
        int port = uri.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        return new ClientRequest(parseMethod(method), scheme, stripBrackets(host), port, path, newHeaders());
    }

    /** A plain-http request to {@code host:port} for {@code path} (which may carry a query). */
    public static ClientRequest of(String method, String host, int port, String path) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535], got " + port);
        }
        if (!path.startsWith("/") || hasSpaceOrControl(path)) {
            throw new IllegalArgumentException("path must start with '/' and contain no spaces or control characters: '"
                    + path + "'");
        }
        return new ClientRequest(parseMethod(method), "http", stripBrackets(host), port, path, newHeaders());
    }

    public static ClientRequest get(String url) {
        return of("GET", url);
    }

    public static ClientRequest post(String url) {
        return of("POST", url);
    }

    public static ClientRequest put(String url) {
        return of("PUT", url);
    }

    public static ClientRequest delete(String url) {
        return of("DELETE", url);
    }

    /** Sets a header, replacing any value it had. */
    public ClientRequest header(String name, Object value) {
        headers.set(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Adds a value to a header, keeping the ones it had. */
    public ClientRequest addHeader(String name, Object value) {
        headers.add(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public ClientRequest removeHeader(String name) {
        headers.remove(name);
        return this;
    }

    /** The body as bytes; {@code Content-Type} stays as set (none by default). */
    public ClientRequest body(byte[] body) {
        clearBody();
        bytes = Objects.requireNonNull(body, "body");
        return this;
    }

    /** The body as UTF-8 text; {@code Content-Type: text/plain; charset=utf-8} unless set. */
    public ClientRequest body(String body) {
        clearBody();
        bytes = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
        defaultContentType("text/plain; charset=utf-8");
        return this;
    }

    /**
     * The body as JSON, encoded with the client's {@link ClientOptions#objectMapper()} when sent;
     * {@code Content-Type: application/json} unless set. An encoding failure rejects the call with
     * {@link HttpClientException.Kind#JSON}.
     */
    public ClientRequest json(Object value) {
        clearBody();
        json = value;
        hasJson = true;
        defaultContentType("application/json");
        return this;
    }

    /**
     * The body streamed from {@code body}, read once the connection is ready; reading pauses while
     * the socket is not writable. If {@code body} fails, the call fails with
     * {@link HttpClientException.Kind#CANCELLED} and the connection is closed.
     */
    public ClientRequest body(BodyStream body) {
        clearBody();
        stream = Objects.requireNonNull(body, "body");
        return this;
    }

    /** Overrides {@link ClientOptions#responseTimeout()} for this request; zero disables it. */
    public ClientRequest timeout(Duration responseTimeout) {
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (responseTimeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + responseTimeout);
        }
        timeout = responseTimeout;
        return this;
    }

    public String method() {
        return method.name();
    }

    public String scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The request target as sent: path and query, e.g. {@code /v1/users?id=3}. */
    public String path() {
        return path;
    }

    /** The first value of a header (names ignore case), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A snapshot of the headers, keyed ignoring case. */
    public Map<String, List<String>> headers() {
        return HeaderMaps.toMap(headers);
    }

    /** The absolute URL, e.g. {@code http://127.0.0.1:8080/v1/users?id=3}. */
    public String url() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + path;
    }

    HttpMethod nettyMethod() {
        return method;
    }

    /** A copy sharing the body, for interceptors to change without touching the caller's request. */
    ClientRequest copy() {
        ClientRequest c = new ClientRequest(method, scheme, host, port, path, newHeaders().set(headers));
        c.bytes = bytes;
        c.json = json;
        c.hasJson = hasJson;
        c.stream = stream;
        c.timeout = timeout;
        return c;
    }

    @Override
    public String toString() {
        return method + " " + url();
    }

    private void clearBody() {
        bytes = null;
        json = null;
        hasJson = false;
        stream = null;
    }

    private void defaultContentType(String type) {
        if (!headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
    }

    private static HttpMethod parseMethod(String method) {
        Objects.requireNonNull(method, "method");
        try {
            return HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid HTTP method '" + method + "'", e);
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static HttpHeaders newHeaders() {
        return DefaultHttpHeadersFactory.headersFactory().newHeaders();
    }

    /** A loop, not a stream: a proxy builds one request per call. */
    private static boolean hasSpaceOrControl(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
