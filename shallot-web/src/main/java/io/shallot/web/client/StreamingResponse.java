package io.shallot.web.client;

import io.shallot.web.client.internal.HeaderMaps;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response whose head has arrived and whose body is still coming, from {@link HttpClient#stream}.
 * The connection stays leased until {@link #body()} ends, fails or is cancelled: the caller must
 * read or cancel the body, or the connection (and the loop's keep-alive hold) is never given back.
 *
 * <p>Threading: status and headers are immutable; {@link #body()} belongs to the request's loop.
 * Body chunks are fresh arrays owned by the reader.
 *
 * <p>Errors: a failure after the head (connection reset, truncated body, malformed chunk) fails the
 * body's read promise with {@link HttpClientException}; {@link ClientOptions#maxResponseBodyBytes()}
 * and the response timeout do not apply to the body, so a proxy can relay any size at any pace.
 */
public final class StreamingResponse {
    private final String request;
    private final int status;
    private final Map<String, List<String>> headers;
    private final BodyStream body;

    public StreamingResponse(String request, int status, Map<String, List<String>> headers, BodyStream body) {
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
        this.headers = HeaderMaps.caseInsensitiveCopy(headers);
        this.body = Objects.requireNonNull(body, "body");
    }

    public int status() {
        return status;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** All headers; {@code get} ignores the case of the name. Unmodifiable. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (ignoring case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public BodyStream body() {
        return body;
    }

    /** What was requested, e.g. {@code GET http://127.0.0.1:8080/file}. */
    public String request() {
        return request;
    }

    @Override
    public String toString() {
        return request + " -> " + status + " (streaming)";
    }
}
