package io.shallot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.shallot.gateway.auth.AuthSettings;
import io.shallot.gateway.limit.LimitSettings;
import io.shallot.gateway.proxy.UpstreamSettings;
import io.shallot.gateway.shed.ShedSettings;
import io.shallot.gateway.user.TestTokens;
import io.shallot.gateway.user.UserMode;
import io.shallot.gateway.user.UserSettings;
import io.shallot.loop.Promise;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.data.Mongo;
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
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One gateway process with end users, over real sockets, on stores the test owns: a route that
 * requires a user ({@code /v1/users}), user tokens signed with {@link #SECRET}, and an upstream that
 * counts its calls and answers with the user it was sent. Several may share MongoDB and Redis, as
 * the processes of one deployment do.
 */
public final class UserGateway implements AutoCloseable {
    public static final String ADMIN = "admin-token-for-user-revocations";
    public static final byte[] SECRET = TestTokens.secret(32);
    public static final String USER_ROUTE = "/v1/users/me/messages";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final AtomicInteger upstreamCalls = new AtomicInteger();
    public final Gateway gateway;
    private final HttpServer upstream;

    public UserGateway(Mongo mongo, Redis redis) {
        this(mongo, redis, UserSettings.of(TestTokens.ISSUER, List.of(TestTokens.hs256("k1", SECRET))));
    }

    public UserGateway(Mongo mongo, Redis redis, UserSettings users) {
        upstream = new App().use((ctx, next) -> {
            upstreamCalls.incrementAndGet();
            ctx.json(Map.of("users", ctx.headers("X-Shallot-User")));
            return Promise.resolve(ctx.loop(), null);
        }).listen(ServerOptions.defaults().withHost("127.0.0.1"));
        UserMode mode = users.enabled() ? UserMode.REQUIRED : UserMode.NONE;
        GatewaySettings settings = new GatewaySettings(new GatewaySettings.Server("127.0.0.1", 0, 2, null),
                AuthSettings.defaults().withAdminToken(ADMIN).withMasterKey(Base64.getEncoder().encodeToString(new byte[32])),
                LimitSettings.defaults().withPlans(Map.of(
                        "default", LimitSettings.PlanRates.of(Rate.perSecond(1000), Rate.perSecond(1000), Map.of()))),
                // shedding is OverloadTest's subject; here a loaded CI machine must not trigger it
                ShedSettings.defaults().withDelay(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                List.of(UpstreamSettings.of("echo", "http://127.0.0.1:" + upstream.port())),
                List.of(new RouteSettings("users.messages", null, "/v1/users", List.of("GET"), "echo", 2, false, null, mode)),
                users);
        try {
            gateway = Gateway.start(settings, mongo, redis);
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
    }

    /** A token for {@code sub} issued at {@code iat}, its claims changed by {@code change}. */
    public static String user(String sub, Instant iat, UnaryOperator<JWTClaimsSet.Builder> change) {
        return TestTokens.hs256("k1", SECRET, sub, iat, change);
    }

    public static String user(String sub, Instant iat) {
        return user(sub, iat, c -> c);
    }

    /** Creates the app {@code appid} through the admin API (once per deployment) and fetches a token for it. */
    public String appToken(String appid) {
        HttpResponse<String> created = admin("POST", "/admin/apps", "{\"appid\":\"" + appid + "\",\"name\":\"" + appid
                + "\",\"apis\":[\"users.messages\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return appToken(appid, json(created).at("/data/client_secret").asText());
    }

    /** A token for the app {@code appid}, which exists. */
    public String appToken(String appid, String secret) {
        HttpResponse<String> issued = send("POST", "/oauth/token", null, "{\"grant_type\":\"client_credentials\","
                + "\"client_id\":\"" + appid + "\",\"client_secret\":\"" + secret + "\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json(issued).at("/data/access_token").asText();
    }

    /** {@code GET /v1/users/me/messages} as the app with {@code appToken}, for the user of {@code userToken}. */
    public HttpResponse<String> call(String appToken, String userToken) {
        HttpRequest request = HttpRequest.newBuilder(uri(USER_ROUTE)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + appToken).header("X-User-Token", userToken).build();
        return exchange(request);
    }

    /** The {@code ret} of a call: 0 when the upstream answered. */
    public int ret(String appToken, String userToken) {
        HttpResponse<String> response = call(appToken, userToken);
        return response.statusCode() == 200 ? 0 : json(response).get("ret").asInt();
    }

    /** An admin call with the admin credential; {@code body} null for none. */
    public HttpResponse<String> admin(String method, String path, String body) {
        return send(method, path, "Bearer " + ADMIN, body);
    }

    /** Any call to the gateway; {@code authorization} and {@code body} null for none. */
    public HttpResponse<String> send(String method, String path, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return exchange(request.build());
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            upstream.close();
        }
    }
}
