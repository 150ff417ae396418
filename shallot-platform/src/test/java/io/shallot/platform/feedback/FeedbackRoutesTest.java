package io.shallot.platform.feedback;

import static io.shallot.platform.feedback.Harness.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feedback API over real HTTP: submitted, queued in Redis, stored in MongoDB by a worker, read back. */
class FeedbackRoutesTest {
    private Harness h;

    @BeforeEach
    void start() {
        h = new Harness(Harness.quick());
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private static void expectError(TestResponse response, int status, String message) {
        response.expectStatus(status).expectJson("/ret", -1).expectJson("/message", message);
    }

    @Test
    void submittedFeedbackIsStoredListedNewestFirstAndCounted() {
        h.worker();
        String full = "{\"platform\":\"ios\",\"appVersion\":\"3.2.1\",\"category\":\"bug\",\"content\":\"闪退了\","
                + "\"contact\":\"alice@example.com\",\"userId\":\"u:42\",\"meta\":{\"device\":\"iPhone 15\",\"osVersion\":17.5,"
                + "\"build\":4021,\"beta\":true}}";
        JsonNode first = h.submit(full, null).expectStatus(202).expectJson("/ret", 0)
                .expectJson("/data/status", "queued").expectJson("/data/duplicate", false).json().get("data");
        h.clock.advance(Duration.ofSeconds(1));
        String second = h.submit(body("suggestion", "android", "dark mode please"), null).expectStatus(202).json().at("/data/id").asText();
        h.clock.advance(Duration.ofSeconds(1));
        String third = h.submit(body("bug", "web", "button does nothing"), null).expectStatus(202).json().at("/data/id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 3);
        JsonNode items = h.client.get("/v1/admin/feedback").expectStatus(200).expectJson("/ret", 0)
                .expectJson("/data/next", null).json().at("/data/items");
        assertThat(items).extracting(item -> item.get("id").asText()).containsExactly(third, second, first.get("id").asText());
        assertThat(items.get(2).toString()).isEqualTo("{\"id\":\"" + first.get("id").asText() + "\",\"platform\":\"ios\","
                + "\"appVersion\":\"3.2.1\",\"category\":\"bug\",\"content\":\"闪退了\",\"contact\":\"alice@example.com\","
                + "\"userId\":\"u:42\",\"meta\":{\"device\":\"iPhone 15\",\"osVersion\":17.5,\"build\":4021,\"beta\":true},"
                + "\"createdAt\":\"2026-11-28T10:00:00Z\"}");

        JsonNode stats = h.client.get("/v1/admin/feedback/stats").expectStatus(200).json().get("data");
        assertThat(stats.toString()).isEqualTo("{\"total\":3,\"byCategory\":{\"bug\":2,\"suggestion\":1,\"complaint\":0,"
                + "\"praise\":0,\"other\":0},\"byPlatform\":{\"ios\":1,\"android\":1,\"web\":1,\"harmony\":0,\"windows\":0,"
                + "\"mac\":0,\"linux\":0,\"other\":0}}");
        h.client.get("/v1/admin/feedback/stats?since=2026-11-28T10:00:01Z").expectJson("/data/total", 2)
                .expectJson("/data/byCategory/bug", 1);
        h.client.get("/v1/admin/feedback/stats?since=2026-11-28T10:00:00Z&until=2026-11-28T10:00:01Z")
                .expectJson("/data/total", 1);
        h.client.get("/v1/admin/feedback/queue").expectStatus(200).expectJson("/data/queued", 0)
                .expectJson("/data/pending", 0).expectJson("/data/deadLetters", 0).expectJson("/data/oldestQueuedMs", 0);
    }

    @Test
    void feedbackFromAVouchedForUserCarriesThatUsersIdAndNoOtherOne() {
        h.worker();
        h.client.request("POST", "/v1/feedback").header("Content-Type", "application/json").header("X-Shallot-User", "ann")
                .body(body("bug", "ios", "mine")).send().expectStatus(202);
        h.client.request("POST", "/v1/feedback").header("Content-Type", "application/json").header("X-Shallot-User", "ann")
                .body(body("bug", "ios", "not mine").replace("}", ",\"userId\":\"bob\"}")).send().expectStatus(403);
        h.submit(body("praise", "web", "anonymous"), null).expectStatus(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 2);
        h.client.get("/v1/admin/feedback/queue").expectJson("/data/queued", 0).expectJson("/data/deadLetters", 0);
        JsonNode items = h.client.get("/v1/admin/feedback").json().at("/data/items");
        assertThat(items).extracting(item -> item.get("content").asText() + "/" + item.get("userId").asText())
                .containsExactlyInAnyOrder("anonymous/null", "mine/ann");
    }

    @Test
    void listsFilterAndPageWithACursor() {
        h.worker();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            h.clock.advance(Duration.ofSeconds(1));
            ids.add(0, h.submit(body(i % 2 == 0 ? "bug" : "praise", "web", "note " + i), null).json().at("/data/id").asText());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 5);

        JsonNode page = h.client.get("/v1/admin/feedback?limit=2").expectStatus(200).json().get("data");
        List<String> seen = new ArrayList<>();
        while (true) {
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            if (page.get("next").isNull()) {
                break;
            }
            assertThat(page.get("items")).hasSize(2);
            page = h.client.get("/v1/admin/feedback?limit=2&before=" + page.get("next").asText()).expectStatus(200).json().get("data");
        }
        assertThat(seen).isEqualTo(ids);

        JsonNode bugs = h.client.get("/v1/admin/feedback?category=bug").json().at("/data/items");
        assertThat(bugs).extracting(item -> item.get("id").asText()).containsExactly(ids.get(0), ids.get(2), ids.get(4));
        assertThat(h.client.get("/v1/admin/feedback?platform=ios").json().at("/data/items")).isEmpty();
        JsonNode recent = h.client.get("/v1/admin/feedback?since=2026-11-28T10:00:04Z").json().at("/data/items");
        assertThat(recent).extracting(item -> item.get("id").asText()).containsExactly(ids.get(0), ids.get(1));
        JsonNode older = h.client.get("/v1/admin/feedback?until=2026-11-28T10:00:02Z").json().at("/data/items");
        assertThat(older).extracting(item -> item.get("id").asText()).containsExactly(ids.get(4));
        // a query key is a plain string: this one is unknown, so ignored, never an operator
        assertThat(h.client.get("/v1/admin/feedback?category%5B%24ne%5D=bug").expectStatus(200).json().at("/data/items")).hasSize(5);
    }

    @Test
    void refusesBadAdminQueries() {
        expectError(h.client.get("/v1/admin/feedback?limit=0"), 400, "limit must be one integer from 1 to 100");
        expectError(h.client.get("/v1/admin/feedback?limit=101"), 400, "limit must be one integer from 1 to 100");
        expectError(h.client.get("/v1/admin/feedback?category=nope"), 400,
                "category must be one of bug, suggestion, complaint, praise, other");
        expectError(h.client.get("/v1/admin/feedback?platform=%7B%22%24ne%22%3Anull%7D"), 400,
                "platform must be one of ios, android, web, harmony, windows, mac, linux, other");
        expectError(h.client.get("/v1/admin/feedback?category=bug&category=praise"), 400, "category must be given once");
        expectError(h.client.get("/v1/admin/feedback?since=yesterday"), 400,
                "since must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        expectError(h.client.get("/v1/admin/feedback/stats?until=2026-13-01T00:00:00Z"), 400,
                "until must be an ISO-8601 instant, e.g. 2026-11-28T10:00:00Z");
        expectError(h.client.get("/v1/admin/feedback?since=2026-11-28T10:00:00Z&until=2026-11-28T09:00:00Z"), 400,
                "since must be before until");
        expectError(h.client.get("/v1/admin/feedback?before=%7B%22%24gt%22%3A%22%22%7D"), 400,
                "before must be a feedback id, as a page's next gives");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsQueuedOnce() throws Exception {
        String body = body("complaint", "harmony", "too many ads");
        String id = h.submit(body, "retry-1:{x}").expectStatus(202).expectJson("/data/duplicate", false).json().at("/data/id").asText();

        h.submit(body, "retry-1:{x}").expectStatus(202).expectJson("/data/id", id).expectJson("/data/duplicate", true)
                .expectJson("/data/status", "queued");
        assertThat(h.queued()).isEqualTo(1);
        expectError(h.submit(body("complaint", "harmony", "something else"), "retry-1:{x}"), 422,
                "this Idempotency-Key was used for other feedback; new feedback needs a key of its own");
        expectError(h.submit(body, "has space"), 400, "Idempotency-Key must be 1 to 128 visible ASCII characters");
        h.submit(body, "k".repeat(129)).expectStatus(400);
        assertThat(h.queued()).isEqualTo(1);

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 1);
        h.submit(body, "retry-1:{x}").expectStatus(202).expectJson("/data/id", id).expectJson("/data/duplicate", true);
        Thread.sleep(300);
        assertThat(h.stored()).extracting(document -> document.getString("_id")).containsExactly(id);
        for (String key : h.store.keys()) {
            long ttl = h.store.redis.commands().pttl(h.store.redis.key(key)).get();
            assertThat(ttl > 0 || key.equals("feedback:{q}:queue")).as("%s expires, or is the bounded queue", key).isTrue();
        }
    }

    @Test
    void refusesEveryBadFieldAndQueuesNothing() throws Exception {
        String ok = "\"platform\":\"ios\",\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"x\"";
        String[][] cases = {
                {"[1,2]", "the body must be a JSON object"},
                {"{" + ok + ",\"rating\":5}", "unknown field rating (the body has platform, appVersion, category, content, contact, userId, meta)"},
                {"{\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"x\"}", "platform is required, one of ios, android, web, harmony, windows, mac, linux, other"},
                {"{\"platform\":\"symbian\",\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"x\"}", "platform is required, one of ios, android, web, harmony, windows, mac, linux, other"},
                {"{\"platform\":{\"$ne\":null},\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"x\"}", "platform must be a string"},
                {"{\"platform\":\"ios\",\"appVersion\":\"1.0.0.0.0\",\"category\":\"bug\",\"content\":\"x\"}", "appVersion must be 1 to 4 dot-separated numbers, e.g. 3.2.1"},
                {"{\"platform\":\"ios\",\"appVersion\":\"v1\",\"category\":\"bug\",\"content\":\"x\"}", "appVersion must be 1 to 4 dot-separated numbers, e.g. 3.2.1"},
                {"{\"platform\":\"ios\",\"appVersion\":1,\"category\":\"bug\",\"content\":\"x\"}", "appVersion must be a string"},
                {"{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"category\":\"rant\",\"content\":\"x\"}", "category is required, one of bug, suggestion, complaint, praise, other"},
                {"{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"category\":\"bug\"}", "content is required: 1 to 4000 characters, not blank"},
                {"{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"  \"}", "content is required: 1 to 4000 characters, not blank"},
                {"{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"category\":\"bug\",\"content\":\"" + "长".repeat(4001) + "\"}", "content is required: 1 to 4000 characters, not blank"},
                {"{" + ok + ",\"contact\":\"" + "c".repeat(201) + "\"}", "contact must be 1 to 200 characters, not blank"},
                {"{" + ok + ",\"contact\":7}", "contact must be a string"},
                {"{" + ok + ",\"userId\":\"a b\"}", "userId must be 1 to 128 of A-Z a-z 0-9 . _ : -"},
                {"{" + ok + ",\"userId\":\"" + "u".repeat(129) + "\"}", "userId must be 1 to 128 of A-Z a-z 0-9 . _ : -"},
                {"{" + ok + ",\"meta\":[1]}", "meta must be an object of at most 20 keys"},
                {"{" + ok + ",\"meta\":" + manyKeys(21) + "}", "meta must be an object of at most 20 keys"},
                {"{" + ok + ",\"meta\":{\"$where\":\"1\"}}", "meta key $where must be 1 to 64 characters, without '.' or a leading '$'"},
                {"{" + ok + ",\"meta\":{\"a.b\":\"1\"}}", "meta key a.b must be 1 to 64 characters, without '.' or a leading '$'"},
                {"{" + ok + ",\"meta\":{\"" + "k".repeat(65) + "\":1}}", "meta key " + "k".repeat(64) + "... must be 1 to 64 characters, without '.' or a leading '$'"},
                {"{" + ok + ",\"meta\":{\"k\":\"" + "v".repeat(257) + "\"}}", "meta.k must be a string of at most 256 characters, a finite number or a boolean"},
                {"{" + ok + ",\"meta\":{\"k\":{\"nested\":1}}}", "meta.k must be a string of at most 256 characters, a finite number or a boolean"},
                {"{" + ok + ",\"meta\":{\"k\":null}}", "meta.k must be a string of at most 256 characters, a finite number or a boolean"},
                {"{" + ok + ",\"meta\":{\"k\":1e999}}", "meta.k must be a string of at most 256 characters, a finite number or a boolean"},
        };
        for (String[] c : cases) {
            expectError(h.submit(c[0], null), 400, c[1]);
        }
        h.submit("{\"platform\":", null).expectStatus(400);
        h.submit("", null).expectStatus(400);
        assertThat(h.queued()).isZero();

        h.submit("{" + ok + ",\"contact\":null,\"meta\":" + manyKeys(20) + "}", null).expectStatus(202);
        h.submit("{\"platform\":\"ios\",\"appVersion\":\"123456789.0.0.1\",\"category\":\"bug\",\"content\":\""
                + "长".repeat(4000) + "\",\"contact\":\"" + "c".repeat(200) + "\",\"userId\":\"" + "u".repeat(128)
                + "\",\"meta\":{\"" + "k".repeat(64) + "\":\"" + "v".repeat(256) + "\"}}", null).expectStatus(202);
        assertThat(h.queued()).isEqualTo(2);
    }

    @Test
    void aFullQueueRefusesWithRetryAfterAndDropsNothing() throws Exception {
        h.close();
        h = new Harness(Harness.quick().withMaxQueued(3));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(h.submit(body("other", "linux", "n" + i), null).expectStatus(202).json().at("/data/id").asText());
        }
        h.clock.advance(Duration.ofSeconds(90));

        TestResponse full = h.submit(body("other", "linux", "one too many"), null);
        expectError(full, 503, "too much feedback is waiting to be stored; try again later");
        full.expectHeader("Retry-After", "30");
        assertThat(h.queued()).isEqualTo(3);
        h.client.get("/v1/admin/feedback/queue").expectJson("/data/queued", 3).expectJson("/data/oldestQueuedMs", 90_000);

        h.worker();
        await().atMost(Duration.ofSeconds(30)).until(() -> h.stored().size() == 3);
        assertThat(h.stored()).extracting(document -> document.getString("_id")).containsExactlyInAnyOrderElementsOf(ids);
        await().atMost(Duration.ofSeconds(30)).until(() -> h.queued() == 0);
        h.submit(body("other", "linux", "room again"), null).expectStatus(202);
    }

    private static String manyKeys(int n) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }
}
