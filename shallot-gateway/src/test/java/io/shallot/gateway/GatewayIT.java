package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.gateway.auth.AuthSettings;
import io.shallot.gateway.auth.Signer;
import io.shallot.gateway.limit.LimitSettings;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.shed.ShedSettings;
import io.shallot.gateway.user.UserSettings;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole request path, over real sockets: an upstream, the gateway, embedded MongoDB and Redis. */
class GatewayIT {
    private static final String ADMIN = "admin-token-for-the-gateway-it";
    private static final int MIB = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpServer upstream;
    private static Mongo mongo;
    private static TestRedis redis;
    private static Gateway gateway;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        upstream = new App().use((ctx, next) -> {
            ctx.json(Map.of("path", ctx.url(), "authorization", String.valueOf(ctx.header("Authorization")),
                    "traceparent", String.valueOf(ctx.header("traceparent")),
                    "appid", String.valueOf(ctx.header("X-Shallot-Appid")), "body", ctx.body().text()));
            return Promise.resolve(ctx.loop(), null);
        }).listen(ServerOptions.defaults().withHost("127.0.0.1").withMaxBodyBytes(8 * MIB));
        mongo = Mongo.start(MongoSettings.defaults());
        redis = new TestRedis();
        String upstreamUrl = "http://127.0.0.1:" + upstream.port();
        GatewaySettings settings = new GatewaySettings(new GatewaySettings.Server("127.0.0.1", 0, 2, null),
                AuthSettings.defaults().withAdminToken(ADMIN)
                        .withMasterKey(Base64.getEncoder().encodeToString(new byte[32])),
                LimitSettings.defaults().withPlans(Map.of(
                        "default", LimitSettings.PlanRates.of(Rate.perSecond(1000), Rate.perSecond(1000), Map.of()),
                        "tiny", LimitSettings.PlanRates.of(null, new Rate(3, Duration.ofMinutes(1), 3), Map.of()))),
                // shedding is OverloadTest's subject; here a loaded CI machine must not trigger it
                ShedSettings.defaults().withDelay(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                List.of(UpstreamSettings.of("echo", upstreamUrl)),
                List.of(new RouteSettings("contents.read", null, "/v1/contents", List.of("GET"), "echo", 2, false, null, null),
                        new RouteSettings("secret.read", null, "/v1/secret", List.of("GET"), "echo", 2, false, null, null),
                        new RouteSettings("orders.write", null, "/v1/orders", List.of("POST"), "echo", 2, false, null, null)),
                UserSettings.disabled());
        gateway = Gateway.start(settings, mongo, redis.redis);
        JsonNode created = call("POST", "/admin/apps", "Bearer " + ADMIN,
                "{\"appid\":\"app1\",\"name\":\"first\",\"apis\":[\"contents.read\"]}", 201);
        token = token("app1", created.at("/data/client_secret").asText());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
        mongo.close();
        upstream.close();
    }

    @Test
    void aGrantedCallReachesTheUpstreamWithTheAppidAndATraceButWithoutTheCredential() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/contents?page=1"))
                .header("Authorization", "Bearer " + token).header("X-Shallot-Appid", "spoofed").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("path").asText()).isEqualTo("/v1/contents?page=1");
        assertThat(answer.get("authorization").asText()).isEqualTo("null");
        assertThat(answer.get("appid").asText()).isEqualTo("app1");
        assertThat(answer.get("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void eachRefusalHasItsStatusAndRetCode() throws Exception {
        assertThat(call("GET", "/v1/contents", null, null, 401).get("ret").asInt()).isEqualTo(40101);
        assertThat(call("GET", "/v1/contents", "Bearer nope", null, 401).get("ret").asInt()).isEqualTo(40102);
        assertThat(call("GET", "/v1/secret", "Bearer " + token, null, 403).get("ret").asInt()).isEqualTo(40302);
        assertThat(call("GET", "/v1/contents/../secret", "Bearer " + token, null, 403).get("ret").asInt()).isEqualTo(40302);
        assertThat(call("GET", "/v1/nothing", "Bearer " + token, null, 404).get("ret").asInt()).isEqualTo(40401);
        assertThat(call("POST", "/v1/contents", "Bearer " + token, "{}", 405).get("ret").asInt()).isEqualTo(40501);
    }

    @Test
    void anAppOnATinyPlanIsLimitedWithRetryAfter() throws Exception {
        JsonNode created = call("POST", "/admin/apps", "Bearer " + ADMIN,
                "{\"appid\":\"tiny1\",\"name\":\"tiny\",\"apis\":[\"contents.read\"],\"plan\":\"tiny\"}", 201);
        String tinyToken = token("tiny1", created.at("/data/client_secret").asText());
        for (int i = 0; i < 3; i++) {
            call("GET", "/v1/contents", "Bearer " + tinyToken, null, 200);
        }
        HttpResponse<String> limited = send("GET", "/v1/contents", "Bearer " + tinyToken, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(limited.body()).get("ret").asInt()).isEqualTo(42901);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.headers().firstValue("RateLimit-Remaining")).contains("0");
    }

    @Test
    void metricsCountRequestsByAppApiAndOutcome() throws Exception {
        call("GET", "/v1/contents", "Bearer " + token, null, 200);
        call("GET", "/v1/secret", "Bearer " + token, null, 403);
        String metrics = send("GET", "/metrics", null, null).body();
        assertThat(metrics).containsPattern("gateway_requests_seconds_count\\{.*api=\"contents.read\".*app=\"app1\".*outcome=\"ok\"");
        assertThat(metrics).containsPattern("gateway_requests_seconds_count\\{.*api=\"secret.read\".*app=\"app1\".*outcome=\"forbidden\"");
        assertThat(metrics).contains("gateway_shed_level");
    }

    @Test
    void aSignedAppsBodyIsVerifiedAndThenForwardedIntact() throws Exception {
        JsonNode created = call("POST", "/admin/apps", "Bearer " + ADMIN,
                "{\"appid\":\"signed1\",\"name\":\"signs\",\"apis\":[\"orders.write\"],\"signed\":true}", 201);
        String secret = created.at("/data/client_secret").asText();
        String signedToken = token("signed1", secret);
        String body = "{\"note\":\"" + "x".repeat(200_000) + "\"}";
        Map<String, String> signature = new Signer(secret).sign("POST", "/v1/orders?b=2", body.getBytes(StandardCharsets.UTF_8));

        JsonNode answer = JSON.readTree(signed("/v1/orders?b=2", signedToken, signature, body).body());
        assertThat(answer.get("appid").asText()).isEqualTo("signed1");
        assertThat(answer.get("body").asText()).isEqualTo(body);

        HttpResponse<String> tampered = signed("/v1/orders?b=2", signedToken,
                new Signer(secret).sign("POST", "/v1/orders?b=2", "{}".getBytes(StandardCharsets.UTF_8)), body);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(tampered.body()).get("ret").asInt()).isEqualTo(40105);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherDeclaredOrChunked() throws Exception {
        JsonNode created = call("POST", "/admin/apps", "Bearer " + ADMIN,
                "{\"appid\":\"writer1\",\"name\":\"writes\",\"apis\":[\"orders.write\"]}", 201);
        String writerToken = token("writer1", created.at("/data/client_secret").asText());
        String head = "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + writerToken + "\r\n";

        assertThat(rawStatusLine(head + "Content-Length: " + 2 * MIB + "\r\n\r\n", 0)).startsWith("HTTP/1.1 413");
        assertThat(rawStatusLine(head + "Transfer-Encoding: chunked\r\n\r\n", 2 * MIB)).startsWith("HTTP/1.1 413");
        call("POST", "/v1/orders", "Bearer " + writerToken, "{\"small\":true}", 200);
    }

    private static HttpResponse<String> signed(String target, String token, Map<String, String> signature, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        signature.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code head}, then {@code chunkedBytes} of chunked body from another thread, and reads the status line. */
    private static String rawStatusLine(String head, int chunkedBytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = ("10000\r\n" + "y".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    for (int sent = 0; sent < chunkedBytes; sent += 0x10000) {
                        out.write(chunk);
                    }
                } catch (IOException closedByTheGateway) {
                    // expected once the gateway has answered 413
                }
            });
            String line = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            writer.join();
            return line;
        }
    }

    private static String token(String appid, String secret) throws Exception {
        JsonNode answer = call("POST", "/oauth/token", null,
                "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + appid + "\",\"client_secret\":\"" + secret + "\"}", 200);
        return answer.at("/data/access_token").asText();
    }

    private static JsonNode call(String method, String path, String authorization, String json, int status) throws Exception {
        HttpResponse<String> response = send(method, path, authorization, json);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
