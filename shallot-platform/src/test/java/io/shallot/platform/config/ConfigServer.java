package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.platform.internal.Publishers;
import io.shallot.testing.MutableClock;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestRequest;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** An embedded MongoDB, a {@link Configs} on it and its routes on a real HTTP server, for one test. */
final class ConfigServer implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    final Mongo mongo = Mongo.start(MongoSettings.defaults());
    final Configs configs = new Configs(mongo, clock, Duration.ofMinutes(1));
    final TestClient client = TestClient.of(new App().use(ConfigRoutes.mount(Router.create(), configs).routes()),
            ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withMaxBodyBytes(16 << 20));

    /** Creates a rule of {@code name} a second after the last one, and gives its id. */
    String rule(String name, String body) {
        clock.advance(Duration.ofSeconds(1));
        TestResponse created = client.postJson("/v1/admin/configs/" + name + "/rules", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().at("/data/id").asText();
    }

    /** A GET with header name, value pairs. */
    TestResponse get(String path, String... headers) {
        TestRequest request = client.request("GET", path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    /** The config {@code name} as the client with that query sees it, after checking it is a 200. */
    String config(String name, String query, String... headers) {
        TestResponse response = get("/v1/configs/" + name + (query.isEmpty() ? "" : "?" + query), headers);
        assertThat(response.status()).as(query + " " + response.text()).isEqualTo(200);
        return response.json().at("/data/config").toString();
    }

    long count(String collection) throws Exception {
        return Publishers.collect(mongo.database().getCollection(collection).countDocuments(), "count")
                .get(10, TimeUnit.SECONDS).getFirst();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            mongo.close();
        }
    }
}
