package io.shallot.web.testing;

import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * What supertest is to Koa: starts an {@link App} on 127.0.0.1 on a free port and sends it real
 * HTTP requests. {@code try (var client = TestClient.of(app)) { client.get("/x").expectStatus(200); }}
 * Calls block, so use it from a test thread, not a loop thread.
 */
public final class TestClient implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestClient(HttpServer server) {
        this.server = server;
    }

    public static TestClient of(App app) {
        return of(app, ServerOptions.defaults().withHost("127.0.0.1").withLoops(1));
    }

    public static TestClient of(App app, ServerOptions options) {
        return new TestClient(app.listen(options.withPort(0)));
    }

    public int port() {
        return server.port();
    }

    public HttpServer server() {
        return server;
    }

    public TestRequest request(String method, String path) {
        return new TestRequest(this, method, path);
    }

    public TestResponse get(String path) {
        return request("GET", path).send();
    }

    public TestResponse head(String path) {
        return request("HEAD", path).send();
    }

    public TestResponse delete(String path) {
        return request("DELETE", path).send();
    }

    public TestResponse postJson(String path, String json) {
        return request("POST", path).header("Content-Type", "application/json").body(json).send();
    }

    TestResponse send(String method, String path, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        try {
            return new TestResponse(http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
        server.close();
    }
}
