package io.shallot.web.body;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.web.HttpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The request body, read in full (within the server's body limit) before the middleware runs, or by
 * {@code ctx.readBody()} when request bodies are streamed. Parsing is lazy and strict: invalid JSON
 * or form data is an {@link HttpException} 400 whose message says what is wrong, never a 500.
 */
public final class RequestBody {
    private static final byte[] EMPTY = new byte[0];
    private final byte[] bytes;
    private final String contentType;
    private final ObjectMapper mapper;

    public RequestBody(byte[] bytes, String contentType, ObjectMapper mapper) {
        this.bytes = bytes == null ? EMPTY : bytes;
        this.contentType = contentType;
        this.mapper = mapper;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public int length() {
        return bytes.length;
    }

    /** The raw bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String contentType() {
        return contentType;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
        if (bytes.length == 0) {
            throw new HttpException(400, "request body is empty; expected JSON");
        }
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new HttpException(400, -1, "invalid JSON body", Map.of(), e);
        }
    }

    public <T> T json(Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new HttpException(400, -1, "invalid JSON body", Map.of(), e);
        }
    }

    /** An {@code application/x-www-form-urlencoded} body, parsed like a query string. */
    public Map<String, List<String>> form() {
        try {
            return QueryString.parseForm(text());
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, -1, e.getMessage(), Map.of(), e);
        }
    }

    private static HttpException invalidJson(JacksonException e) {
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new HttpException(400, -1, "invalid JSON body" + where, Map.of(), e);
    }
}
