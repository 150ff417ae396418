package io.shallot.web.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Settings of an {@link HttpClient}: start from {@link #defaults()} and change one field at a time
 * with the {@code withX} copies. Immutable and thread-safe.
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>field</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>connectTimeout</td><td>5 s</td><td>DNS + TCP connect + TLS handshake; zero disables it</td></tr>
 *   <tr><td>responseTimeout</td><td>30 s</td><td>from the call to the last body byte (to the head, when streaming);
 *       includes waiting for a pooled connection; {@link Duration#ZERO} disables it</td></tr>
 *   <tr><td>maxConnectionsPerHost</td><td>64</td><td>per loop, scheme, host and port</td></tr>
 *   <tr><td>maxWaitQueue</td><td>1024</td><td>requests waiting for a connection; one more fails
 *       with {@link HttpClientException.Kind#POOL_EXHAUSTED}</td></tr>
 *   <tr><td>idleTimeout</td><td>4 s</td><td>an idle pooled connection is closed after this, or one second
 *       before the server's {@code Keep-Alive: timeout=N} hint, whichever is sooner (undici's rule);
 *       zero disables pooling (one connection per request)</td></tr>
 *   <tr><td>maxResponseBodyBytes</td><td>16 MiB</td><td>buffered responses only; streaming is unlimited</td></tr>
 *   <tr><td>maxHeaderBytes</td><td>16 KiB</td><td>response status line and headers</td></tr>
 *   <tr><td>defaultHeaders</td><td>none</td><td>added to every request that does not set them</td></tr>
 *   <tr><td>interceptor</td><td>none</td><td>runs on the loop before each request is sent (trace ids)</td></tr>
 *   <tr><td>objectMapper</td><td>one shared mapper</td><td>JSON bodies both ways</td></tr>
 *   <tr><td>sslContext</td><td>null: the JVM default</td><td>https trust and keys; host names are verified</td></tr>
 * </table>
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration responseTimeout,
        int maxConnectionsPerHost,
        int maxWaitQueue,
        Duration idleTimeout,
        long maxResponseBodyBytes,
        int maxHeaderBytes,
        Map<String, String> defaultHeaders,
        Consumer<ClientRequest> interceptor,
        ObjectMapper objectMapper,
        SSLContext sslContext) {

    private static final ObjectMapper SHARED_MAPPER = new ObjectMapper();
    private static final Consumer<ClientRequest> NO_INTERCEPTOR = request -> { };

    public ClientOptions {
        requireNonNegative(connectTimeout, "connectTimeout");
        requireNonNegative(responseTimeout, "responseTimeout");
        requireNonNegative(idleTimeout, "idleTimeout");
        if (maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1, got " + maxConnectionsPerHost);
        }
        if (maxWaitQueue < 0) {
            throw new IllegalArgumentException("maxWaitQueue must not be negative, got " + maxWaitQueue);
        }
        if (maxResponseBodyBytes < 0 || maxResponseBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxResponseBodyBytes must be in [0, 2^31-9], got " + maxResponseBodyBytes);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024, got " + maxHeaderBytes);
        }
        defaultHeaders = Map.copyOf(Objects.requireNonNull(defaultHeaders, "defaultHeaders"));
        Objects.requireNonNull(interceptor, "interceptor");
        Objects.requireNonNull(objectMapper, "objectMapper");
    }

    public static ClientOptions defaults() {
        return new ClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 64, 1024, Duration.ofSeconds(4),
                16L * 1024 * 1024, 16 * 1024, Map.of(), NO_INTERCEPTOR, SHARED_MAPPER, null);
    }

    public ClientOptions withConnectTimeout(Duration value) {
        return new ClientOptions(value, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withResponseTimeout(Duration value) {
        return new ClientOptions(connectTimeout, value, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withMaxConnectionsPerHost(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, value, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withMaxWaitQueue(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, value, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withIdleTimeout(Duration value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, value,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withMaxResponseBodyBytes(long value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                value, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withMaxHeaderBytes(int value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, value, defaultHeaders, interceptor, objectMapper, sslContext);
    }

    public ClientOptions withDefaultHeaders(Map<String, String> value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, value, interceptor, objectMapper, sslContext);
    }

    /** A copy with one more default header (replacing one of the same name, ignoring case). */
    public ClientOptions withDefaultHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(defaultHeaders);
        headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return withDefaultHeaders(headers);
    }

    /** A copy whose interceptor runs {@code value} after the current one. */
    public ClientOptions withInterceptor(Consumer<ClientRequest> value) {
        Objects.requireNonNull(value, "interceptor");
        Consumer<ClientRequest> chained = interceptor == NO_INTERCEPTOR ? value : interceptor.andThen(value);
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, chained, objectMapper, sslContext);
    }

    public ClientOptions withObjectMapper(ObjectMapper value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, value, sslContext);
    }

    public ClientOptions withSslContext(SSLContext value) {
        return new ClientOptions(connectTimeout, responseTimeout, maxConnectionsPerHost, maxWaitQueue, idleTimeout,
                maxResponseBodyBytes, maxHeaderBytes, defaultHeaders, interceptor, objectMapper, value);
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
