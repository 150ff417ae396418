package io.shallot.web.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.web.client.internal.HeaderMaps;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response: status, headers and the whole body as bytes, already read off the
 * connection (which is back in its pool). Returned by {@link HttpClient#send}.
 *
 * <p>Threading: immutable apart from the body array, which the caller should not modify; safe to
 * pass to other threads.
 *
 * <p>Errors: {@link #json()} and {@link #json(Class)} throw {@link HttpClientException} with
 * {@link HttpClientException.Kind#JSON} when the body is not valid JSON for the type; {@link #text()}
 * never throws (malformed bytes become U+FFFD). The public constructor exists for tests and fakes.
 */
public final class ClientResponse {
    private final String request;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;

    /**
     * @param request what was asked, for error messages, e.g. {@code GET http://h:80/x}
     * @param headers header names to values; looked up ignoring case whatever map is passed
     */
    public ClientResponse(String request, int status, Map<String, List<String>> headers, byte[] body, ObjectMapper mapper) {
        this.request = Objects.requireNonNull(request, "request");
        this.status = status;
        this.headers = HeaderMaps.caseInsensitiveCopy(headers);
        this.body = Objects.requireNonNull(body, "body");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public int status() {
        return status;
    }

    /** True for a 2xx status. */
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

    public byte[] body() {
        return body;
    }

    /** The body decoded with the {@code charset} of {@code Content-Type}, UTF-8 when none is given. */
    public String text() {
        return new String(body, charset());
    }

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw decodeFailure("a JSON document", e);
        }
    }

    /** The body bound to {@code type} with the client's object mapper. */
    public <T> T json(Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw decodeFailure(type.getSimpleName(), e);
        }
    }

    /** What was requested, e.g. {@code GET http://127.0.0.1:8080/users}. */
    public String request() {
        return request;
    }

    @Override
    public String toString() {
        return request + " -> " + status + " (" + body.length + " bytes)";
    }

    private HttpClientException decodeFailure(String what, IOException e) {
        return new HttpClientException(HttpClientException.Kind.JSON,
                request + " answered " + status + " with a body that is not " + what + ": " + detail(e), e);
    }

    private static String detail(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private Charset charset() {
        String type = header("content-type");
        if (type != null) {
            for (String part : type.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
