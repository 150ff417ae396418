package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    private static TestClient client;
    private LogCapture log;

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/users/:id", ctx -> Promise.resolve(ctx.loop(), "user " + ctx.param("id")))
                .get("/slow", ctx -> {
                    Deferred<Object> done = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> done.resolve("late"), 30);
                    return done.promise();
                })
                .get("/conflict", ctx -> {
                    throw ctx.fail(409, "taken");
                })
                .get("/boom", ctx -> {
                    throw new IllegalStateException("driver detail");
                });
        client = TestClient.of(new App().use(RequestId.create()).use(AccessLog.create()).use(router.routes()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @BeforeEach
    void capture() {
        log = new LogCapture(AccessLog.LOGGER);
    }

    @AfterEach
    void release() {
        log.close();
    }

    private String onlyLine() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !log.lines().isEmpty());
        assertThat(log.lines()).hasSize(1);
        return log.lines().get(0);
    }

    @Test
    void writesOneLineWithMethodPathStatusDurationIdRemoteAndRoute() {
        client.request("GET", "/users/42?token=secret").header("X-Request-Id", "log-1").send().expectStatus(200);
        assertThat(onlyLine()).matches("time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z method=GET path=/users/42 status=200 duration_ms=\\d+\\.\\d request_id=log-1"
                + " remote=127\\.0\\.0\\.1 route=/users/:id").doesNotContain("secret");
    }

    @Test
    void pipelinedRequestsEachGetTheirLineInOrderWhateverTheBatching() throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            requests.append("GET /users/").append(i).append(" HTTP/1.1\r\nHost: x\r\nX-Request-Id: pipe-").append(i)
                    .append(i == 19 ? "\r\nConnection: close" : "").append("\r\n\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", client.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .contains("user 19");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().size() >= 20);
        assertThat(log.lines()).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(log.lines().get(i)).startsWith("time=").contains(" path=/users/" + i + " status=200 ")
                    .contains(" request_id=pipe-" + i + " ");
        }
    }

    @Test
    void measuresTheWholeDownstreamChain() {
        client.get("/slow").expectStatus(200);
        String duration = onlyLine().replaceAll(".*duration_ms=([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(duration)).isGreaterThanOrEqualTo(25.0);
    }

    @Test
    void logsTheStatusTheErrorResponderAnswers() {
        client.get("/conflict").expectStatus(409);
        assertThat(onlyLine()).contains("status=409").contains("route=/conflict");
    }

    @Test
    void logsAnUnknownErrorAs500() {
        client.get("/boom").expectStatus(500);
        assertThat(onlyLine()).contains("status=500").doesNotContain("driver detail");
    }

    @Test
    void logsAnUnmatchedPathAs404WithoutARoute() {
        client.get("/nowhere").expectStatus(404);
        assertThat(onlyLine()).contains("path=/nowhere status=404").endsWith("route=-");
    }
}
