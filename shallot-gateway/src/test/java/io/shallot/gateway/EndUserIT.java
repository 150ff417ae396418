package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.gateway.auth.AuthSettings;
import io.shallot.gateway.limit.LimitSettings;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.shed.ShedSettings;
import io.shallot.gateway.user.TestTokens;
import io.shallot.gateway.user.UserMode;
import io.shallot.gateway.user.UserSettings;
import io.shallot.loop.Promise;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End users through the whole gateway, over real sockets: routes that need no user, may have one
 * and require one, user tokens from a login service's key, and an upstream that answers with the
 * headers and the target it received.
 */
class EndUserIT {
    private static final String ADMIN = "admin-token-for-the-end-user-it";
    private static final byte[] SECRET = TestTokens.secret(32);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger UPSTREAM_CALLS = new AtomicInteger();

    private static HttpServer upstream;
    private static Mongo mongo;
    private static TestRedis redis;
    private static Gateway gateway;
    private static String appToken;

    @BeforeAll
    static void start() throws Exception {
        upstream = new App().use((ctx, next) -> {
            UPSTREAM_CALLS.incrementAndGet();
            ctx.json(Map.of("path", ctx.url(), "users", ctx.headers("X-Shallot-User"),
                    "userToken", ctx.headers("X-User-Token"), "appid", String.valueOf(ctx.header("X-Shallot-Appid"))));
            return Promise.resolve(ctx.loop(), null);
        }).listen(ServerOptions.defaults().withHost("127.0.0.1"));
        mongo = Mongo.start(MongoSettings.defaults());
        redis = new TestRedis();
        GatewaySettings settings = new GatewaySettings(new GatewaySettings.Server("127.0.0.1", 0, 2, null),
                AuthSettings.defaults().withAdminToken(ADMIN).withMasterKey(Base64.getEncoder().encodeToString(new byte[32])),
                LimitSettings.defaults().withPlans(Map.of(
                        "default", LimitSettings.PlanRates.of(Rate.perSecond(1000), Rate.perSecond(1000), Map.of()),
                        "tiny", LimitSettings.PlanRates.of(null, new Rate(3, Duration.ofMinutes(1), 3), Map.of()))),
                // shedding is OverloadTest's subject; here a loaded CI machine must not trigger it
                ShedSettings.defaults().withDelay(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                List.of(UpstreamSettings.of("echo", "http://127.0.0.1:" + upstream.port())),
                List.of(route("contents.read", "/v1/contents", null),
                        route("feed.read", "/v1/feed", UserMode.OPTIONAL),
                        route("users.messages", "/v1/users", UserMode.REQUIRED)),
                UserSettings.of(TestTokens.ISSUER, List.of(TestTokens.hs256("k1", SECRET))));
        gateway = Gateway.start(settings, mongo, redis.redis);
        appToken = appToken("app1", "default");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
        mongo.close();
        upstream.close();
    }

    private static RouteSettings route(String api, String prefix, UserMode user) {
        return new RouteSettings(api, null, prefix, List.of("GET"), "echo", 2, false, null, user);
    }

    private static String user(String sub) {
        return TestTokens.hs256("k1", SECRET, sub, Instant.now(), c -> c);
    }

    @Test
    void aRequiredUserIsRefusedWithoutATokenBeforeTheUpstream() throws Exception {
        int before = UPSTREAM_CALLS.get();
        HttpResponse<String> response = send("/v1/users/ann/messages", appToken);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("ret").asInt()).isEqualTo(40109);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"shallot-users\"");
        assertThat(UPSTREAM_CALLS.get()).isEqualTo(before);
        assertThat(send("/metrics", null).body()).containsPattern(
                "gateway_requests_seconds_count\\{.*api=\"users.messages\".*app=\"app1\".*outcome=\"unauthenticated\"");
    }

    @Test
    void theVerifiedUserReachesTheUpstreamAndNeitherTheTokenNorAClaimedUserDoes() throws Exception {
        JsonNode seen = upstreamSaw("/v1/users/ann/messages", appToken, "X-User-Token", user("ann"), "X-Shallot-User", "mallory");
        assertThat(seen.get("users")).containsExactly(JSON.valueToTree("ann"));
        assertThat(seen.get("userToken")).isEmpty();
        assertThat(seen.get("appid").asText()).isEqualTo("app1");

        seen = upstreamSaw("/v1/users/ann/messages?page=2&user_token=" + user("ann") + "&size=5", appToken,
                "X-Shallot-User", "mallory");
        assertThat(seen.get("users")).containsExactly(JSON.valueToTree("ann"));
        assertThat(seen.get("path").asText()).isEqualTo("/v1/users/ann/messages?page=2&size=5");
    }

    @Test
    void aRouteWithoutUsersPassesNoUserOnAtAll() throws Exception {
        JsonNode seen = upstreamSaw("/v1/contents?user_token=" + user("ann"), appToken,
                "X-User-Token", user("ann"), "X-Shallot-User", "mallory");
        assertThat(seen.get("users")).isEmpty();
        assertThat(seen.get("userToken")).isEmpty();
        assertThat(seen.get("path").asText()).isEqualTo("/v1/contents");
        assertThat(upstreamSaw("/v1/contents", appToken, "X-User-Token", "not even a token").get("users")).isEmpty();
    }

    @Test
    void anOptionalUserMayBeAbsentButNotInvalidOrExpired() throws Exception {
        assertThat(upstreamSaw("/v1/feed", appToken, "X-Shallot-User", "mallory").get("users")).isEmpty();
        assertThat(upstreamSaw("/v1/feed", appToken, "X-User-Token", user("bob")).get("users"))
                .containsExactly(JSON.valueToTree("bob"));

        assertRet(send("/v1/feed", appToken, "X-User-Token", user("bob") + "x"), 40110);
        String expired = TestTokens.hs256("k1", SECRET, "bob", Instant.now().minus(Duration.ofHours(2)),
                c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1)))));
        HttpResponse<String> response = send("/v1/feed?user_token=" + expired, appToken);
        assertRet(response, 40111);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"shallot-users\","
                + " error=\"invalid_token\", error_description=\"user token expired\"");
    }

    @Test
    void callsWithBadUserTokensCountAgainstTheAppsAllowance() throws Exception {
        String tiny = appToken("tiny1", "tiny");
        for (int i = 0; i < 3; i++) {
            assertRet(send("/v1/users/ann/messages", tiny, "X-User-Token", "bad-" + i), 40110);
        }
        assertRet(send("/v1/users/ann/messages", tiny, "X-User-Token", "bad-3"), 42901);
        assertRet(send("/v1/users/ann/messages", tiny, "X-User-Token", user("ann")), 42901);
    }

    @Test
    void theAppIsAuthenticatedFirst() throws Exception {
        assertRet(send("/v1/users/ann/messages", null, "X-User-Token", user("ann")), 40101);
        assertRet(send("/v1/users/ann/messages", "nope"), 40102);
    }

    private static void assertRet(HttpResponse<String> response, int ret) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(ret / 100);
        assertThat(JSON.readTree(response.body()).get("ret").asInt()).isEqualTo(ret);
    }

    private static JsonNode upstreamSaw(String target, String appToken, String... headers) throws Exception {
        HttpResponse<String> response = send(target, appToken, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String target, String appToken, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + target))
                .timeout(Duration.ofSeconds(10));
        if (appToken != null) {
            request.header("Authorization", "Bearer " + appToken);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String appToken(String appid, String plan) throws Exception {
        String created = post("/admin/apps", "Bearer " + ADMIN, "{\"appid\":\"" + appid + "\",\"name\":\"" + appid
                + "\",\"apis\":[\"contents.read\",\"feed.read\",\"users.messages\"],\"plan\":\"" + plan + "\"}");
        String secret = JSON.readTree(created).at("/data/client_secret").asText();
        String token = post("/oauth/token", null, "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + appid
                + "\",\"client_secret\":\"" + secret + "\"}");
        return JSON.readTree(token).at("/data/access_token").asText();
    }

    private static String post(String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return response.body();
    }
}
