package io.shallot.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A response with supertest-style expectations; each failing one throws {@link AssertionError}. */
public final class TestResponse {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpResponse<byte[]> response;

    TestResponse(HttpResponse<byte[]> response) {
        this.response = response;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    public String text() {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        return response.body();
    }

    public JsonNode json() {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("response body is not JSON: " + text(), e);
        }
    }

    public TestResponse expectStatus(int expected) {
        if (status() != expected) {
            throw new AssertionError("expected status " + expected + " but got " + status() + " with body: " + text());
        }
        return this;
    }

    public TestResponse expectHeader(String name, String expected) {
        if (!Objects.equals(header(name), expected)) {
            throw new AssertionError("expected header " + name + ": " + expected + " but got " + header(name));
        }
        return this;
    }

    public TestResponse expectBody(String expected) {
        if (!text().equals(expected)) {
            throw new AssertionError("expected body <" + expected + "> but got <" + text() + ">");
        }
        return this;
    }

    /** Checks one JSON value by JSON Pointer, e.g. {@code expectJson("/data/name", "shallot")}. */
    public TestResponse expectJson(String pointer, Object expected) {
        JsonNode node = json().at(pointer);
        JsonNode want = MAPPER.valueToTree(expected);
        if (!node.equals(want)) {
            throw new AssertionError("expected " + pointer + " = " + want + " but got " + node + " in " + text());
        }
        return this;
    }
}
