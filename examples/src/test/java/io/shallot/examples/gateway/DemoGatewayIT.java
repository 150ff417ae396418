package io.shallot.examples.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.examples.contents.ContentsSystem;
import io.shallot.examples.ops.DemoOps;
import io.shallot.examples.platform.DemoPlatform;
import io.shallot.mvc.config.Config;
import io.shallot.platform.PlatformSettings;
import io.shallot.web.server.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/shallot demo}'s gateway: the printed demo app reaches the section 四 servers, section
 * 三's operations and its middle platform through it.
 */
class DemoGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ContentsSystem system;
    private static HttpServer ops;
    private static DemoPlatform platform;
    private static DemoGateway gateway;

    @BeforeAll
    static void start() {
        Config config = Config.load(Path.of("contents/config"), "test", Map.of());
        system = ContentsSystem.start(Path.of("contents"), config);
        ops = DemoOps.start(system.redis(), 0);
        platform = DemoPlatform.start(system.mongo(), system.redis(), 0, config.view("platform", PlatformSettings.class));
        gateway = DemoGateway.start(config, system, ops.port(), platform.port());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        platform.close();
        ops.close();
        system.close();
    }

    @Test
    void theDemoAppsCredentialsBuyATokenThatReachesBothServers() throws Exception {
        String form = "grant_type=client_credentials&client_id=" + gateway.demoApp().appid()
                + "&client_secret=" + gateway.demoApp().secret();
        JsonNode token = send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        String bearer = "Bearer " + token.at("/data/access_token").asText();

        JsonNode contents = send(HttpRequest.newBuilder(uri("/v1/contents")).header("Authorization", bearer), 200);
        assertThat(contents.get("ret").asInt()).isZero();
        assertThat(contents.get("data")).hasSize(10);
        assertThat(contents.at("/data/0/user_info/name").asText()).startsWith("user");

        JsonNode users = send(HttpRequest.newBuilder(uri("/v1/userinfos?user_ids=1001,1002")).header("Authorization", bearer), 200);
        assertThat(users.get("data")).hasSize(2);
    }

    @Test
    void theDemoAppReachesTheLeaderboardsAndVotesThroughTheGateway() throws Exception {
        String bearer = bearer();
        String member = "it-" + System.nanoTime();
        JsonNode submitted = send(HttpRequest.newBuilder(uri("/v1/leaderboards/runs/scores")).header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"member\":\"" + member + "\",\"score\":42}")), 200);
        assertThat(submitted.at("/data/score").asLong()).isEqualTo(42);
        JsonNode standing = send(HttpRequest.newBuilder(uri("/v1/leaderboards/runs/members/" + member)).header("Authorization", bearer), 200);
        assertThat(standing.at("/data/member").asText()).isEqualTo(member);

        JsonNode ballot = send(HttpRequest.newBuilder(uri("/v1/votes/best-feature/ballots")).header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + member + "\",\"option\":\"loop\"}")), 200);
        assertThat(ballot.at("/data/remaining").asInt()).isEqualTo(2);
        send(HttpRequest.newBuilder(uri("/v1/votes/best-feature")), 401);
    }

    @Test
    void theDemoAppReachesTheMiddlePlatformThroughTheGateway() throws Exception {
        String bearer = bearer();
        JsonNode home = send(HttpRequest.newBuilder(uri("/v1/configs/home?version=2.1.0&device=ios&lang=zh-CN"))
                .header("Authorization", bearer).header("X-Region", "CN"), 200);
        assertThat(home.at("/data/config").toString()).isEqualTo("{\"theme\":\"light\",\"banner\":\"欢迎\",\"features\":{\"live\":true}}");

        JsonNode queued = send(HttpRequest.newBuilder(uri("/v1/feedback")).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"platform\":\"ios\",\"appVersion\":\"2.1.0\",\"category\":\"bug\",\"content\":\"crash on launch\"}")), 202);
        assertThat(queued.at("/data/status").asText()).isEqualTo("queued");

        String user = "it-" + System.nanoTime();
        String userToken = gateway.userToken(user);
        HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(HttpRequest.newBuilder(uri("/v1/users/" + user + "/events"))
                .header("Authorization", bearer).header("X-User-Token", userToken).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = events.body().iterator();
        assertThat(lines.next()).isEqualTo("event: badges");
        send(HttpRequest.newBuilder(uri("/v1/admin/messages")).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"to\":{\"users\":[\"" + user + "\"]},\"category\":\"system\",\"title\":\"Hello\",\"body\":\"Welcome\"}")), 201);
        String line = lines.next();
        while (!line.equals("event: message")) {
            line = lines.next();
        }
        assertThat(lines.next()).startsWith("data: ").contains("\"title\":\"Hello\"");
        events.body().close();
        JsonNode badges = send(HttpRequest.newBuilder(uri("/v1/users/" + user + "/badges")).header("Authorization", bearer)
                .header("X-User-Token", userToken), 200);
        assertThat(badges.at("/data/categories/system").asLong()).isEqualTo(1);

        JsonNode pull = send(HttpRequest.newBuilder(uri("/v1/admin/diagnostics/pulls")).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"target\":{\"deviceId\":\""
                        + user + "\"},\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"crash\"}")), 201);
        String pullId = pull.at("/data/id").asText();
        byte[] log = new byte[3 << 20];
        new java.util.Random(7).nextBytes(log);
        send(HttpRequest.newBuilder(uri("/v1/diagnostics/pulls/" + pullId + "/log")).header("Authorization", bearer)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(log)), 201);
        HttpResponse<byte[]> downloaded = HTTP.send(HttpRequest.newBuilder(uri("/v1/admin/diagnostics/pulls/" + pullId + "/log"))
                .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(log);
    }

    @Test
    void aUserReachesOnlyItsOwnMessagesWithItsUserToken() throws Exception {
        String bearer = bearer();
        String ann = "ann-" + System.nanoTime();
        String bob = "bob-" + System.nanoTime();
        send(HttpRequest.newBuilder(uri("/v1/admin/messages")).header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"to\":{\"users\":[\"" + ann + "\",\"" + bob + "\"]},\"category\":\"system\",\"title\":\"Hi\",\"body\":\"b\"}")), 201);

        assertThat(send(HttpRequest.newBuilder(uri("/v1/users/" + ann + "/badges")).header("Authorization", bearer), 401)
                .get("ret").asInt()).isEqualTo(40109);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/users/" + bob + "/badges")).header("Authorization", bearer)
                .header("X-User-Token", gateway.userToken(ann)), 403).get("message").asText())
                .isEqualTo("the authenticated user may act only for itself");
        send(HttpRequest.newBuilder(uri("/v1/users/" + bob + "/messages/read")).header("Authorization", bearer)
                .header("X-User-Token", gateway.userToken(ann)).header("X-Shallot-User", bob)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}")), 403);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/users/" + bob + "/badges")).header("Authorization", bearer)
                .header("X-User-Token", gateway.userToken(bob)), 200).at("/data/total").asInt()).isEqualTo(1);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/users/" + ann + "/badges")).header("Authorization", bearer)
                .header("X-User-Token", gateway.userToken(bob).replace('.', '-')), 401).get("ret").asInt()).isEqualTo(40110);
    }

    @Test
    void withoutATokenTheGatewayRefusesBeforeTheServers() throws Exception {
        JsonNode refused = send(HttpRequest.newBuilder(uri("/v1/contents")), 401);
        assertThat(refused.get("ret").asInt()).isEqualTo(40101);
    }

    @Test
    void aSecondStartGrantsTheAppEveryRouteAndANewSecretAndEndsTheOldOne() throws Exception {
        String old = gateway.demoApp().secret();
        // as a store from before the leaderboards existed holds it
        send(HttpRequest.newBuilder(uri("/admin/apps/demo")).header("Authorization", "Bearer " + gateway.adminToken())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"apis\":[\"contents.read\"]}")), 200);
        send(HttpRequest.newBuilder(uri("/v1/leaderboards/runs")).header("Authorization", bearer()), 403);
        gateway.close();
        gateway = DemoGateway.start(Config.load(Path.of("contents/config"), "test", Map.of()), system, ops.port(), platform.port());
        assertThat(gateway.demoApp().appid()).isEqualTo(DemoGateway.APPID);
        assertThat(gateway.demoApp().secret()).isNotEqualTo(old);
        String form = "grant_type=client_credentials&client_id=demo&client_secret=" + old;
        send(HttpRequest.newBuilder(uri("/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 401);
        send(HttpRequest.newBuilder(uri("/v1/leaderboards/runs")).header("Authorization", bearer()), 200);
    }

    private static String bearer() throws Exception {
        String form = "grant_type=client_credentials&client_id=" + gateway.demoApp().appid()
                + "&client_secret=" + gateway.demoApp().secret();
        JsonNode token = send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), 200);
        return "Bearer " + token.at("/data/access_token").asText();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static JsonNode send(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
