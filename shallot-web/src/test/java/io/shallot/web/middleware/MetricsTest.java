package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    static Path files;
    private static Metrics metrics;
    private static TestClient client;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(files.resolve("app.js"), "console.log(1)");
        metrics = Metrics.create();
        Router router = Router.create()
                .get("/users/:id", ctx -> Promise.resolve(ctx.loop(), "user " + ctx.param("id")))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("bug");
                })
                .get("/gone", ctx -> {
                    throw ctx.fail(410, "gone");
                });
        client = TestClient.of(new App().use(metrics).use(metrics.endpoint()).use(router.routes())
                .use(StaticFiles.serve(files, StaticFilesOptions.defaults().withPrefix("/static"))));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static String scrape() {
        return client.get("/metrics").expectStatus(200).text();
    }

    @Test
    void servesThePrometheusTextFormat() {
        TestResponse res = client.get("/metrics").expectStatus(200)
                .expectHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").expectHeader("Cache-Control", "no-store");
        assertThat(res.text()).contains("# TYPE http_server_requests_active gauge");
        client.request("POST", "/metrics").send().expectStatus(405).expectHeader("Allow", "GET, HEAD");
    }

    @Test
    void tagsRequestsWithTheRoutePatternNeverTheRawPath() {
        client.get("/users/41").expectStatus(200);
        client.get("/users/42").expectStatus(200);
        String text = scrape();
        assertThat(text).contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",route=\"/users/:id\",status=\"200\"}");
        assertThat(text).doesNotContain("/users/41").doesNotContain("/users/42");
    }

    @Test
    void tagsUnmatchedPathsNotFound() {
        client.get("/no/such/path/123").expectStatus(404);
        String text = scrape();
        assertThat(text).contains("outcome=\"CLIENT_ERROR\",route=\"NOT_FOUND\",status=\"404\"").doesNotContain("/no/such/path");
    }

    @Test
    void recordsErrorsWithTheStatusAnswered() {
        client.get("/boom").expectStatus(500);
        client.get("/gone").expectStatus(410);
        assertThat(scrape())
                .contains("{method=\"GET\",outcome=\"SERVER_ERROR\",route=\"/boom\",status=\"500\"}")
                .contains("{method=\"GET\",outcome=\"CLIENT_ERROR\",route=\"/gone\",status=\"410\"}");
    }

    @Test
    void namesRoutesOfMiddlewareThatServeWithoutTheRouter() {
        client.get("/static/app.js").expectStatus(200);
        client.get("/metrics");
        assertThat(scrape()).contains("route=\"/static/*\",status=\"200\"").contains("route=\"/metrics\"").doesNotContain("app.js");
    }

    @Test
    void collapsesUnknownMethods() {
        client.request("BREW", "/users/1").send();
        assertThat(scrape()).contains("method=\"OTHER\"").doesNotContain("BREW");
    }

    @Test
    void exportsLoopDelayAndInFlightGauges() {
        String text = scrape();
        assertThat(text).containsPattern("shallot_loop_delay_p50_seconds\\{loop=\"[^\"]+\"} ")
                .containsPattern("shallot_loop_delay_p99_seconds\\{loop=\"[^\"]+\"} ")
                .containsPattern("shallot_loop_delay_max_seconds\\{loop=\"[^\"]+\"} ")
                .contains("http_server_requests_active 1.0");
    }
}
