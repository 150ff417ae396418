package io.shallot.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Exchange;
import io.shallot.gateway.Refusal;
import io.shallot.gateway.TestRedis;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.data.Mongo;
import io.shallot.mvc.data.MongoSettings;
import io.shallot.web.App;
import io.shallot.web.Envelope;
import io.shallot.web.Middleware;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestRequest;
import io.shallot.web.testing.TestResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One gateway process for a test: embedded MongoDB (memory), the test Redis, {@link GatewayAuth}
 * and, on a server that streams request bodies as the gateway's does, an app that composes admin, token endpoint, a stand-in route matcher, authenticate,
 * permission and an endpoint that echoes what the pipeline learned. {@link #sharing} starts a
 * second process on the same servers with its own connections.
 */
final class AuthHarness implements AutoCloseable {
    static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    static final String MASTER_KEY = randomKey();
    static final List<ApiRoute> ROUTES = List.of(
            ApiRoute.of("contents.read", "/v1/contents", "contents"),
            ApiRoute.of("users.read", "/v1/userinfos", "users"),
            ApiRoute.of("orders.write", "/v1/orders", "orders"));

    final Mongo mongo;
    final TestRedis testRedis;
    final Redis redis;
    final GatewayAuth auth;
    final TestClient client;
    private final boolean ownsServers;

    AuthHarness() {
        this(settings());
    }

    AuthHarness(AuthSettings settings) {
        this(settings, Mongo.start(MongoSettings.defaults()), new TestRedis(), null, true);
    }

    private AuthHarness(AuthSettings settings, Mongo mongo, TestRedis testRedis, Redis redis, boolean ownsServers) {
        this.mongo = mongo;
        this.testRedis = testRedis;
        this.redis = redis == null ? testRedis.redis : redis;
        this.ownsServers = ownsServers;
        this.auth = GatewayAuth.start(settings, mongo, this.redis);
        this.client = TestClient.of(app(auth), ServerOptions.defaults().withHost("127.0.0.1").withStreamRequestBodies(true));
    }

    /** A gateway on its own MongoDB and on {@code redis}, which it closes with itself. */
    static AuthHarness on(Redis redis, AuthSettings settings) {
        return new AuthHarness(settings, Mongo.start(MongoSettings.defaults()), null, redis, false);
    }

    /** Another gateway process: its own MongoDB client and Redis connections to the same servers. */
    AuthHarness sharing(AuthSettings settings) {
        return new AuthHarness(settings, Mongo.start(MongoSettings.defaults().withUri(mongo.connectionString())),
                testRedis, Redis.start(testRedis.settings()), false);
    }

    static String randomKey() {
        byte[] key = new byte[AuthSettings.MASTER_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static AuthSettings settings() {
        return AuthSettings.defaults().withAdminToken(ADMIN_TOKEN).withMasterKey(MASTER_KEY);
    }

    static App app(GatewayAuth auth) {
        Middleware routeMatcher = (ctx, next) -> {
            ApiRoute route = ROUTES.stream().filter(r -> ctx.path().startsWith(r.prefix())).findFirst()
                    .orElseThrow(Refusal.NO_ROUTE::exception);
            Exchange.of(ctx).route(route);
            return next.run();
        };
        Middleware echo = (ctx, next) -> ctx.readBody().then(body -> {
            Exchange exchange = Exchange.of(ctx);
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("appid", exchange.app().appid());
            seen.put("api", exchange.route().api());
            seen.put("bodyLength", body.length());
            ctx.json(Envelope.ok(seen));
            return null;
        });
        return new App().use(auth.admin()).use(auth.tokenEndpoint()).use(routeMatcher).use(auth.authenticate())
                .use(auth.permission()).use(echo);
    }

    TestRequest admin(String method, String path) {
        return client.request(method, path).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json");
    }

    /** Creates an app through the admin API; the answer's {@code data}. */
    JsonNode createApp(String json) {
        return admin("POST", "/admin/apps").body(json).send().expectStatus(201).json().get("data");
    }

    /** An app granted {@code apis}: its appid and secret. */
    String[] appGranted(String... apis) {
        List<String> quoted = new ArrayList<>();
        for (String api : apis) {
            quoted.add("\"" + api + "\"");
        }
        JsonNode created = createApp("{\"name\":\"test app\",\"apis\":[" + String.join(",", quoted) + "]}");
        return new String[] {created.get("client_id").asText(), created.get("client_secret").asText()};
    }

    TestResponse requestToken(String appid, String secret) {
        return client.request("POST", TokenEndpoint.PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_id=" + encode(appid) + "&client_secret=" + encode(secret))
                .send();
    }

    String token(String appid, String secret) {
        return requestToken(appid, secret).expectStatus(200).json().at("/data/access_token").asText();
    }

    TestResponse call(String path, String token) {
        return client.request("GET", path).header("Authorization", "Bearer " + token).send();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            client.close();
            auth.close();
        } finally {
            if (ownsServers) {
                testRedis.close();
            } else {
                redis.close();
            }
            mongo.close();
        }
    }
}
