package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.client.HttpClientException.Kind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JsonTest {
    record User(int id, String name, List<String> tags) {
    }

    private final JdkServer server = new JdkServer()
            .route("/user", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("x-accept", exchange.getRequestHeaders().getFirst("Accept"));
                JdkServer.respond(exchange, 200, "{\"id\":7,\"name\":\"Ada\",\"tags\":[\"a\",\"b\"]}");
            })
            .route("/echo", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"));
                JdkServer.respond(exchange, 201, new String(exchange.getRequestBody().readAllBytes()));
            })
            .route("/missing", exchange -> JdkServer.respond(exchange, 404, "{\"ret\":404,\"message\":\"no such user\"}"))
            .route("/garbage", exchange -> JdkServer.respond(exchange, 200, "{not json"));
    private final HttpClient client = HttpClient.create();

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void getJsonBindsTheBodyToARecord() {
        User user = OnLoop.run(loop -> client.getJson(server.url("/user"), User.class));

        assertThat(user).isEqualTo(new User(7, "Ada", List.of("a", "b")));
    }

    @Test
    void postJsonSendsTheObjectAsJsonAndJsonReadsATree() {
        ClientResponse response = OnLoop.run(loop -> client.postJson(server.url("/echo"), new User(1, "Bo", List.of())));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("content-type")).isEqualTo("application/json");
        JsonNode tree = response.json();
        assertThat(tree.get("name").asText()).isEqualTo("Bo");
        assertThat(response.json(User.class)).isEqualTo(new User(1, "Bo", List.of()));
    }

    @Test
    void getJsonRejectsANon2xxStatusWithTheStatusAndTheBody() {
        Throwable error = OnLoop.failure(loop -> client.getJson(server.url("/missing"), User.class));

        HttpClientException e = (HttpClientException) error;
        assertThat(e.kind()).isEqualTo(Kind.STATUS);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e).hasMessageContaining("GET " + server.url("/missing") + " answered 404").hasMessageContaining("no such user");
    }

    @Test
    void anInvalidJsonBodyRejectsWithKindJson() {
        Throwable error = OnLoop.failure(loop -> client.getJson(server.url("/garbage"), User.class));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.JSON);
        assertThat(error).hasMessageContaining("answered 200 with a body that is not User");
    }

    @Test
    void aBodyThatCannotBeEncodedRejectsWithKindJsonBeforeAnythingIsSent() {
        Object unserializable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        Throwable error = OnLoop.failure(loop -> client.postJson(server.url("/echo"), unserializable));

        assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.JSON);
        assertThat(server.requests()).isZero();
    }
}
