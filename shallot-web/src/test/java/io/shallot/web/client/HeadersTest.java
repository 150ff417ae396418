package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeadersTest {
    private final JdkServer server = new JdkServer()
            .route("/headers", exchange -> {
                Headers in = exchange.getRequestHeaders();
                StringBuilder body = new StringBuilder();
                new TreeMap<>(in).forEach((name, values) -> body.append(name.toLowerCase()).append('=')
                        .append(String.join("|", values)).append('\n'));
                exchange.getResponseHeaders().add("Set-Cookie", "a=1");
                exchange.getResponseHeaders().add("Set-Cookie", "b=2");
                exchange.getResponseHeaders().set("X-Mixed-Case", "yes");
                JdkServer.respond(exchange, 200, body.toString());
            });
    private final HttpClient client = HttpClient.create(ClientOptions.defaults()
            .withDefaultHeader("user-agent", "shallot-test")
            .withDefaultHeader("x-app", "orders"));

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void defaultHeadersAndInterceptorsAreAddedButTheRequestsOwnHeadersWin() {
        HttpClient traced = client.withHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .with(request -> request.header("x-request-id", "req-42"));

        Map<String, String> seen = OnLoop.run(loop -> traced
                .send(ClientRequest.get(server.url("/headers")).header("User-Agent", "mine"))
                .then(HeadersTest::parse));

        assertThat(seen).containsEntry("user-agent", "mine")
                .containsEntry("x-app", "orders")
                .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("x-request-id", "req-42");
    }

    @Test
    void aViewSharesThePoolsOfItsClient() {
        HttpClient view = client.with(request -> request.header("x-view", "1"));

        OnLoop.run(loop -> client.get(server.url("/headers")).compose(first -> view.get(server.url("/headers"))));

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void interceptorsChangeACopyAndLeaveTheCallersRequestAlone() {
        HttpClient view = client.with(request -> request.header("x-added", "1"));
        ClientRequest request = ClientRequest.get(server.url("/headers"));

        OnLoop.run(loop -> view.send(request));

        assertThat(request.header("x-added")).isNull();
        assertThat(request.header("host")).isNull();
    }

    @Test
    void theHostHeaderNamesTheTargetWithItsPort() {
        Map<String, String> seen = OnLoop.run(loop -> client.get(server.url("/headers")).then(HeadersTest::parse));

        assertThat(seen).containsEntry("host", "127.0.0.1:" + server.port());
    }

    @Test
    void responseHeadersAreLookedUpIgnoringCaseAndKeepEveryValue() {
        ClientResponse response = OnLoop.run(loop -> client.get(server.url("/headers")));

        assertThat(response.header("x-mixed-case")).isEqualTo("yes");
        assertThat(response.header("X-MIXED-CASE")).isEqualTo("yes");
        assertThat(response.headers().get("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().get("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(response.header("absent")).isNull();
    }

    @Test
    void aClientResponseBuiltByHandLooksUpHeadersIgnoringCase() {
        ClientResponse response = new ClientResponse("GET http://x/", 200, Map.of("Content-Type", List.of("text/plain")),
                new byte[0], new com.fasterxml.jackson.databind.ObjectMapper());

        assertThat(response.header("content-type")).isEqualTo("text/plain");
        assertThat(response.headers().containsKey("CONTENT-TYPE")).isTrue();
    }

    private static Map<String, String> parse(ClientResponse response) {
        Map<String, String> headers = new TreeMap<>();
        for (String line : response.text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                headers.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return headers;
    }
}
