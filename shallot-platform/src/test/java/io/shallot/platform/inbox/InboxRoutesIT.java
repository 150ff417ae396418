package io.shallot.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.testing.MutableClock;
import io.shallot.testing.TestRedis;
import io.shallot.web.App;
import io.shallot.web.middleware.TrustedUser.Policy;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxRoutesIT {
    private final TestRedis store = new TestRedis("platform");
    private final Inbox inbox = new Inbox(store.redis, new MutableClock(Instant.now()),
            InboxSettings.defaults().withTopics(List.of("sports")).withMaxRecipients(3));
    private final TestClient client = TestClient.of(new App().use(InboxRoutes.mount(Router.create(), inbox).routes()));

    @AfterEach
    void close() {
        client.close();
        inbox.close();
        store.close();
    }

    private TestResponse send(String body) {
        return client.postJson("/v1/admin/messages", body);
    }

    private TestResponse put(String path) {
        return client.request("PUT", path).send();
    }

    @Test
    void messagesAreSentListedCountedReadAndDeleted() {
        String id = send("{\"to\":{\"users\":[\"ann\",\"bob\",\"ann\"]},\"category\":\"order\",\"title\":\"Shipped\","
                + "\"body\":\"Your order is on its way\",\"link\":\"https://shop.example/orders/1\"}")
                .expectStatus(201).expectJson("/ret", 0).expectJson("/data/recipients", 2).json().at("/data/id").asText();
        String broadcast = send("{\"to\":{\"topic\":\"all\"},\"category\":\"system\",\"title\":\"Maintenance\",\"body\":\"Tonight\",\"ttlDays\":7}")
                .expectStatus(201).expectJson("/data/recipients", "all").json().at("/data/id").asText();

        client.get("/v1/users/ann/badges").expectStatus(200).expectJson("/data/total", 2)
                .expectJson("/data/categories/order", 1).expectJson("/data/categories/system", 1).expectJson("/data/dots", List.of());
        JsonNode first = client.get("/v1/users/ann/messages?limit=1").expectStatus(200).json().get("data");
        assertThat(first.at("/items/0/title").asText()).isEqualTo("Maintenance");
        assertThat(first.at("/items/0/read").asBoolean()).isFalse();
        JsonNode second = client.get("/v1/users/ann/messages?limit=1&before=" + first.get("next").asText())
                .expectStatus(200).json().get("data");
        assertThat(second.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(second.at("/items/0/link").asText()).isEqualTo("https://shop.example/orders/1");
        JsonNode orders = client.get("/v1/users/ann/messages?category=order&before=").expectStatus(200)
                .expectJson("/data/items/0/id", id).json().get("data");
        assertThat(orders.get("items")).hasSize(1);
        assertThat(orders.get("next").isNull()).isTrue();

        client.postJson("/v1/users/ann/messages/read", "{\"ids\":[\"" + id + "\"]}").expectStatus(200)
                .expectJson("/data/categories/order", 0).expectJson("/data/total", 1);
        put("/v1/users/ann/dots/me.settings").expectStatus(200).expectJson("/data/dots", List.of("me", "me.settings"));
        client.delete("/v1/users/ann/dots/me").expectStatus(200).expectJson("/data/dots", List.of());
        client.delete("/v1/users/ann/messages/" + id).expectStatus(200).expectJson("/data/total", 1);
        client.delete("/v1/users/ann/messages/" + id).expectStatus(404).expectJson("/ret", -1);
        client.postJson("/v1/users/ann/messages/read", "{\"all\":true}").expectStatus(200).expectJson("/data/total", 0);
        client.get("/v1/users/bob/badges").expectJson("/data/total", 2);
        client.delete("/v1/users/bob/messages/" + broadcast).expectStatus(200).expectJson("/data/total", 1);
        client.get("/v1/users/bob/messages").expectStatus(200).expectJson("/data/items/0/id", id);

        put("/v1/users/ann/topics/sports").expectStatus(200).expectJson("/data/following", true);
        client.delete("/v1/users/ann/topics/sports").expectStatus(200).expectJson("/data/following", false);
    }

    @Test
    void aUserTheGatewayVouchesForReadsAndChangesOnlyItsOwnInbox() {
        try (TestClient strict = TestClient.of(new App().use(InboxRoutes.mount(Router.create(), inbox, Policy.REQUIRED).routes()))) {
            String id = send("{\"to\":{\"users\":[\"ann\",\"bob\"]},\"category\":\"order\",\"title\":\"t\",\"body\":\"b\"}")
                    .expectStatus(201).json().at("/data/id").asText();
            strict.request("GET", "/v1/users/ann/badges").header("X-Shallot-User", "ann").send().expectStatus(200)
                    .expectJson("/data/total", 1);
            strict.request("GET", "/v1/users/bob/messages").header("X-Shallot-User", "ann").send().expectStatus(403);
            strict.request("GET", "/v1/users/bob/events").header("X-Shallot-User", "ann").send().expectStatus(403);
            strict.request("POST", "/v1/users/bob/messages/read").header("X-Shallot-User", "ann")
                    .header("Content-Type", "application/json").body("{\"all\":true}").send().expectStatus(403);
            strict.request("DELETE", "/v1/users/bob/messages/" + id).header("X-Shallot-User", "ann").send().expectStatus(403);
            strict.request("PUT", "/v1/users/bob/dots/me").header("X-Shallot-User", "ann").send().expectStatus(403);
            strict.get("/v1/users/bob/badges").expectStatus(401);

            client.get("/v1/users/bob/badges").expectJson("/data/total", 1).expectJson("/data/dots", List.of());
            client.get("/v1/users/bob/messages").expectJson("/data/items/0/id", id).expectJson("/data/items/0/read", false);
            client.request("GET", "/v1/users/bob/badges").header("X-Shallot-User", "ann").send().expectStatus(403);
        }
    }

    @Test
    void everyBadInputIsA400NamingTheFieldAndWritesNothing() throws Exception {
        String ok = "\"category\":\"system\",\"title\":\"t\",\"body\":\"b\"";
        Map<String, String> sends = new LinkedHashMap<>();
        sends.put("{" + ok + "}", "to");
        sends.put("{\"to\":{\"users\":[]}," + ok + "}", "to.users");
        sends.put("{\"to\":{\"users\":\"ann\"}," + ok + "}", "to.users");
        sends.put("{\"to\":{\"users\":[\"a b\"]}," + ok + "}", "to.users");
        sends.put("{\"to\":{\"users\":[7]}," + ok + "}", "to.users");
        sends.put("{\"to\":{\"users\":[\"a\",\"b\",\"c\",\"d\"]}," + ok + "}", "to.users");
        sends.put("{\"to\":{\"topic\":\"nope\"}," + ok + "}", "topic");
        sends.put("{\"to\":{\"topic\":\"all\",\"users\":[\"ann\"]}," + ok + "}", "to");
        String to = "\"to\":{\"users\":[\"ann\"]}";
        sends.put("{" + to + ",\"title\":\"t\",\"body\":\"b\"}", "category");
        sends.put("{" + to + ",\"category\":\"spam\",\"title\":\"t\",\"body\":\"b\"}", "category");
        sends.put("{" + to + ",\"category\":\"system\",\"body\":\"b\"}", "title");
        sends.put("{" + to + ",\"category\":\"system\",\"title\":\" \",\"body\":\"b\"}", "title");
        sends.put("{" + to + ",\"category\":\"system\",\"title\":\"" + "x".repeat(121) + "\",\"body\":\"b\"}", "title");
        sends.put("{" + to + ",\"category\":\"system\",\"title\":\"t\"}", "body");
        sends.put("{" + to + ",\"category\":\"system\",\"title\":\"t\",\"body\":\"" + "x".repeat(2001) + "\"}", "body");
        sends.put("{" + to + "," + ok + ",\"link\":\"javascript:alert(1)\"}", "link");
        sends.put("{" + to + "," + ok + ",\"link\":\"http://\"}", "link");
        sends.put("{" + to + "," + ok + ",\"link\":\"has space\"}", "link");
        sends.put("{" + to + "," + ok + ",\"link\":\"https://x/" + "y".repeat(520) + "\"}", "link");
        sends.put("{" + to + "," + ok + ",\"ttlDays\":0}", "ttlDays");
        sends.put("{" + to + "," + ok + ",\"ttlDays\":91}", "ttlDays");
        sends.put("{" + to + "," + ok + ",\"ttlDays\":\"5\"}", "ttlDays");
        sends.put("{" + to + "," + ok + ",\"extra\":1}", "extra");
        sends.put("[1]", "object");
        sends.put("{\"to\":", "JSON");
        sends.forEach((body, field) -> {
            TestResponse refused = send(body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("message").asText()).as(body).containsIgnoringCase(field);
        });

        String id = "0123456789abcdef0123";
        client.get("/v1/users/a%20b/badges").expectStatus(400);
        client.get("/v1/users/" + "u".repeat(129) + "/messages").expectStatus(400);
        for (String query : List.of("limit=0", "limit=101", "limit=x", "category=spam", "before=abc", "before=1&before=2")) {
            assertThat(client.get("/v1/users/ann/messages?" + query).status()).as(query).isEqualTo(400);
        }
        for (String body : List.of("{}", "{\"ids\":[]}", "{\"ids\":[\"nope\"]}", "{\"ids\":\"" + id + "\"}",
                "{\"category\":\"spam\"}", "{\"all\":false}", "{\"all\":true,\"category\":\"system\"}", "{\"x\":1}",
                "{\"ids\":[" + ("\"" + id + "\",").repeat(100) + "\"" + id + "\"]}")) {
            assertThat(client.postJson("/v1/users/ann/messages/read", body).status()).as(body).isEqualTo(400);
        }
        client.postJson("/v1/users/ann/messages/read", "{\"ids\":[\"" + id + "\"]}").expectStatus(404);
        client.delete("/v1/users/ann/messages/" + id).expectStatus(404);
        client.delete("/v1/users/ann/messages/nope").expectStatus(400);
        for (String path : List.of("Me", "me..x", "a.b.c.d.e.f", "x".repeat(33), "me.", "sp%20ace")) {
            assertThat(put("/v1/users/ann/dots/" + path).status()).as(path).isEqualTo(400);
        }
        put("/v1/users/ann/topics/nope").expectStatus(400);
        client.delete("/v1/users/ann/topics/all").expectStatus(400);
        client.get("/v1/users/a%20b/events").expectStatus(400);
        assertThat(store.keys()).isEmpty();
    }
}
