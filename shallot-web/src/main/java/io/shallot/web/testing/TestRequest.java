package io.shallot.web.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request being built by {@link TestClient#request}. */
public final class TestRequest {
    private final TestClient client;
    private final String method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private Duration timeout = Duration.ofSeconds(10);

    TestRequest(TestClient client, String method, String path) {
        this.client = client;
        this.method = method;
        this.path = path;
    }

    public TestRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public TestRequest body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public TestRequest body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    public TestRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public TestResponse send() {
        return client.send(method, path, headers, body, timeout);
    }
}
