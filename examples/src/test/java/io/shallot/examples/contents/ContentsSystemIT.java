package io.shallot.examples.contents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shallot.mvc.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Section 四 end to end: both servers over real sockets, embedded MongoDB (memory backend). */
class ContentsSystemIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ContentsSystem system;

    static ContentsSystem startSystem() {
        return ContentsSystem.start(Path.of("contents"), Config.load(Path.of("contents/config"), "test", Map.of()));
    }

    @BeforeAll
    static void start() {
        system = startSystem();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    record Reply(int status, JsonNode json, String text) {
    }

    static Reply get(int port, String pathAndQuery) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(res.body());
        } catch (Exception notJson) {
            json = null;
        }
        return new Reply(res.statusCode(), json, res.body());
    }

    @Test
    void userinfosReturnsTheListedUsersInTheEnvelope() throws Exception {
        Reply reply = get(system.apiPort(), "/v1/userinfos?user_ids=1001,1002");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("ret").asInt()).isZero();
        assertThat(reply.json().get("message").asText()).isEqualTo("success");
        Set<Integer> ids = new HashSet<>();
        reply.json().get("data").forEach(u -> ids.add(u.get("id").asInt()));
        assertThat(ids).containsExactlyInAnyOrder(1001, 1002);
        assertThat(reply.json().get("data").get(0).get("name").asText()).startsWith("user100");
        assertThat(reply.json().get("data").get(0).has("_id")).isFalse();
    }

    @Test
    void unknownUsersAreSimplyAbsent() throws Exception {
        Reply reply = get(system.apiPort(), "/v1/userinfos?user_ids=1,1001");
        assertThat(reply.json().get("data")).hasSize(1);
    }

    @Test
    void badUserIdsAre400ParamsErrorAndNeverReachTheDatabase() throws Exception {
        String hundredAndOne = IntStream.range(1001, 1102).mapToObj(String::valueOf).collect(Collectors.joining(","));
        for (String query : new String[] {"", "?user_ids=", "?user_ids%5B%24ne%5D=1", "?user_ids=1001,abc",
                "?user_ids=1001&user_ids=1002", "?user_ids=-1", "?user_ids=1001,,1002", "?user_ids=%7B%22%24gt%22%3A0%7D",
                "?user_ids=" + hundredAndOne}) {
            Reply reply = get(system.apiPort(), "/v1/userinfos" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("ret").asInt()).as(query).isEqualTo(-1);
            assertThat(reply.json().get("message").asText()).as(query).startsWith("params error");
        }
        String hundred = IntStream.range(1001, 1101).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertThat(get(system.apiPort(), "/v1/userinfos?user_ids=" + hundred).json().get("data")).hasSize(100);
    }

    @Test
    void contentsAreTenWithTheirUserInfoMerged() throws Exception {
        Reply reply = get(system.restfulPort(), "/v1/contents");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.json().get("data");
        assertThat(data).hasSize(10);
        assertThat(data.get(0).get("id").asInt()).isEqualTo(1);
        JsonNode first = data.get(0);
        assertThat(first.get("user_info").get("id").asInt()).isEqualTo(first.get("user_id").asInt());
        assertThat(first.get("user_info").get("name").asText()).isEqualTo("user" + first.get("user_id").asInt());
        JsonNode byUnknownUser = get(system.restfulPort(), "/v1/contents?page=5&size=10").json().get("data").get(9);
        assertThat(byUnknownUser.get("id").asInt()).isEqualTo(50);
        assertThat(byUnknownUser.get("user_id").asInt()).isEqualTo(Seeder.UNKNOWN_USER);
        assertThat(byUnknownUser.get("user_info").isEmpty()).isTrue();
    }

    @Test
    void pageAndSizeSelectTheWindow() throws Exception {
        JsonNode page2 = get(system.restfulPort(), "/v1/contents?page=2&size=5").json().get("data");
        assertThat(page2).hasSize(5);
        assertThat(page2.get(0).get("id").asInt()).isEqualTo(6);
        assertThat(get(system.restfulPort(), "/v1/contents?size=50").json().get("data")).hasSize(50);
        assertThat(get(system.restfulPort(), "/v1/contents?page=201&size=5").json().get("data")).isEmpty();
    }

    @Test
    void badPagingIs400() throws Exception {
        for (String query : new String[] {"?size=51", "?size=0", "?page=0", "?page=-1", "?size=abc", "?page=1.5", "?size="}) {
            Reply reply = get(system.restfulPort(), "/v1/contents" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("message").asText()).as(query).startsWith("params error");
        }
    }

    @Test
    void theSyncTestRouteAnswersGood() throws Exception {
        Reply reply = get(system.restfulPort(), "/v1/test");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("good");
    }

    @Test
    void anUnknownPathIsThe404Envelope() throws Exception {
        Reply reply = get(system.restfulPort(), "/v1/nothing");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).isEqualTo("path not found");
        assertThat(get(system.apiPort(), "/v1/contents").status()).isEqualTo(404);
    }

    @Test
    void contentsAreStillServedWhenTheApiServerIsDown() throws Exception {
        try (ContentsSystem degraded = startSystem()) {
            degraded.stopApiServer();
            Reply reply = get(degraded.restfulPort(), "/v1/contents");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("data")).hasSize(10);
            reply.json().get("data").forEach(c -> assertThat(c.get("user_info").isEmpty()).isTrue());
        }
    }
}
