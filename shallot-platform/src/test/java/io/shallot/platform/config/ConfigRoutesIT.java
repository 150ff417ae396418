package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Config delivery over real HTTP on an embedded MongoDB: what clients and operators see. */
class ConfigRoutesIT {
    private static final String BASE = "{\"value\":{\"theme\":\"light\",\"feed\":{\"size\":20,\"ads\":true},\"banner\":\"none\"}}";

    private final ConfigServer server = new ConfigServer();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aBaseRuleWithAnOverrideByEachAttribute() {
        server.rule("home", BASE);
        server.rule("home", "{\"regions\":[\"CN\"],\"value\":{\"banner\":\"spring-festival\"}}");
        server.rule("home", "{\"devices\":[\"ios\"],\"value\":{\"feed\":{\"size\":30}}}");
        server.rule("home", "{\"languages\":[\"zh\"],\"value\":{\"greeting\":\"你好\"}}");
        server.rule("home", "{\"minVersion\":\"2.0\",\"value\":{\"theme\":\"dark\"}}");

        String base = "{\"theme\":\"light\",\"feed\":{\"size\":20,\"ads\":true},\"banner\":\"none\"}";
        assertThat(server.config("home", "")).isEqualTo(base);
        assertThat(server.config("home", "region=cn"))
                .isEqualTo("{\"theme\":\"light\",\"feed\":{\"size\":20,\"ads\":true},\"banner\":\"spring-festival\"}");
        assertThat(server.config("home", "", "X-Region", "CN")).isEqualTo(server.config("home", "region=CN"));
        assertThat(server.config("home", "device=iOS"))
                .isEqualTo("{\"theme\":\"light\",\"feed\":{\"size\":30,\"ads\":true},\"banner\":\"none\"}");
        assertThat(server.config("home", "", "Accept-Language", "zh-Hant-TW;q=0.9, en;q=1"))
                .isEqualTo("{\"theme\":\"light\",\"feed\":{\"size\":20,\"ads\":true},\"banner\":\"none\",\"greeting\":\"你好\"}");
        assertThat(server.config("home", "lang=en", "Accept-Language", "zh-CN")).as("the query wins").isEqualTo(base);
        assertThat(server.config("home", "", "Accept-Language", "*")).isEqualTo(base);
        assertThat(server.config("home", "", "X-App-Version", "2.10")).contains("\"theme\":\"dark\"");
        assertThat(server.config("home", "version=1.10")).isEqualTo(base);
        assertThat(server.config("home", "version=2&device=ios&region=CN&lang=zh-CN"))
                .isEqualTo("{\"theme\":\"dark\",\"feed\":{\"size\":30,\"ads\":true},\"banner\":\"spring-festival\",\"greeting\":\"你好\"}");

        TestResponse response = server.get("/v1/configs/home?region=CN", "X-Device", "android");
        response.expectStatus(200).expectJson("/ret", 0).expectJson("/data/name", "home")
                .expectHeader("Cache-Control", "private, max-age=60")
                .expectHeader("Vary", "X-App-Version, X-Device, Accept-Language, X-Device-Id");
        assertThat(response.header("ETag")).isEqualTo("\"" + response.json().at("/data/etag").asText() + "\"").matches("\"[0-9a-f]{64}\"");
        assertThat(response.json().get("data").has("package")).isFalse();
    }

    @Test
    void moreSpecificRulesWinThenHigherPriorityThenTheLaterChange() {
        String red = server.rule("home", "{\"regions\":[\"CN\"],\"priority\":100,\"value\":{\"color\":\"red\"}}");
        String blue = server.rule("home", "{\"regions\":[\"CN\"],\"devices\":[\"ios\"],\"value\":{\"color\":\"blue\"}}");
        String green = server.rule("home", "{\"regions\":[\"CN\"],\"priority\":5,\"value\":{\"color\":\"green\",\"size\":1}}");

        assertThat(server.config("home", "region=CN&device=ios")).as("two conditions beat one, whatever its priority")
                .isEqualTo("{\"color\":\"blue\",\"size\":1}");
        assertThat(server.config("home", "region=CN&device=android")).isEqualTo("{\"color\":\"red\",\"size\":1}");

        String violet = server.rule("home", "{\"regions\":[\"CN\"],\"priority\":100,\"value\":{\"color\":\"violet\"}}");
        assertThat(server.config("home", "region=CN")).as("equal priority: the later change wins").isEqualTo("{\"color\":\"violet\",\"size\":1}");
        server.clock.advance(Duration.ofSeconds(1));
        server.client.request("PUT", "/v1/admin/configs/home/rules/" + red).header("Content-Type", "application/json")
                .body("{\"regions\":[\"CN\"],\"priority\":100,\"value\":{\"color\":\"crimson\"}}").send().expectStatus(200);
        assertThat(server.config("home", "region=CN")).isEqualTo("{\"color\":\"crimson\",\"size\":1}");

        JsonNode preview = server.get("/v1/admin/configs/home/preview?region=cn&device=IOS").expectStatus(200).json().get("data");
        assertThat(preview.get("ruleIds").toString()).isEqualTo("[\"" + green + "\",\"" + violet + "\",\"" + red + "\",\"" + blue + "\"]");
        assertThat(preview.get("client").toString()).isEqualTo("{\"version\":null,\"device\":\"ios\",\"region\":\"CN\",\"language\":null,\"subject\":null}");
        assertThat(preview.get("config").toString()).isEqualTo("{\"color\":\"blue\",\"size\":1}");
        assertThat(preview.get("etag").asText()).isEqualTo(server.get("/v1/configs/home?region=CN&device=ios").json().at("/data/etag").asText());

        JsonNode rules = server.get("/v1/admin/configs/home/rules").expectStatus(200).json().at("/data/rules");
        assertThat(rules).extracting(rule -> rule.get("id").asText()).containsExactly(green, violet, red, blue);
    }

    @Test
    void aNullInAnOverrideRemovesTheKey() {
        server.rule("home", "{\"value\":{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"list\":[1,2]}}");
        server.rule("home", "{\"regions\":[\"US\"],\"value\":{\"a\":null,\"b\":{\"d\":null,\"e\":4},\"list\":[3]}}");
        assertThat(server.config("home", "region=US")).isEqualTo("{\"b\":{\"c\":2,\"e\":4},\"list\":[3]}");
        assertThat(server.config("home", "region=GB")).isEqualTo("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"list\":[1,2]}");
    }

    @Test
    void aClientThatDoesNotSayGetsOnlyWhatRulesWithoutThatConditionGive() {
        server.rule("home", "{\"minVersion\":\"1.0\",\"value\":{\"v\":true}}");
        server.rule("home", "{\"maxVersion\":\"9\",\"value\":{\"old\":true}}");
        server.rule("home", "{\"devices\":[\"ios\"],\"value\":{\"d\":true}}");
        server.rule("home", "{\"regions\":[\"CN\"],\"value\":{\"r\":true}}");
        server.rule("home", "{\"languages\":[\"en\"],\"value\":{\"l\":true}}");
        server.get("/v1/configs/home").expectStatus(404).expectJson("/ret", -1).expectJson("/message", "no config home for this client");
        server.get("/v1/configs/nothing-here").expectStatus(404).expectJson("/message", "no config nothing-here for this client");

        server.rule("home", "{\"value\":{\"base\":true}}");
        server.rule("home", "{\"enabled\":false,\"value\":{\"off\":true}}");
        assertThat(server.config("home", "")).isEqualTo("{\"base\":true}");
        assertThat(server.config("home", "region=CN")).isEqualTo("{\"base\":true,\"r\":true}");
        assertThat(server.config("home", "version=1.0")).isEqualTo("{\"base\":true,\"v\":true,\"old\":true}");
    }

    @Test
    void ifNoneMatchGets304UntilAChangeGivesTheClientSomethingNew() {
        String base = server.rule("home", "{\"value\":{\"n\":1}}");
        TestResponse first = server.get("/v1/configs/home?region=CN").expectStatus(200);
        String etag = first.header("ETag");

        TestResponse again = server.get("/v1/configs/home?region=CN", "If-None-Match", etag);
        again.expectStatus(304).expectHeader("ETag", etag).expectHeader("Cache-Control", "private, max-age=60");
        assertThat(again.bytes()).isEmpty();
        server.get("/v1/configs/home?region=CN", "If-None-Match", "\"other\", W/" + etag).expectStatus(304);

        server.rule("home", "{\"regions\":[\"US\"],\"value\":{\"n\":2}}");
        // a change for other clients keeps this one's ETag
        server.get("/v1/configs/home?region=CN", "If-None-Match", etag).expectStatus(304);
        assertThat(server.get("/v1/configs/home?region=US", "If-None-Match", etag).status()).isEqualTo(200);

        server.client.request("PUT", "/v1/admin/configs/home/rules/" + base).header("Content-Type", "application/json")
                .body("{\"value\":{\"n\":3}}").send().expectStatus(200);
        TestResponse changed = server.get("/v1/configs/home?region=CN", "If-None-Match", etag).expectStatus(200)
                .expectJson("/data/config/n", 3);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        server.get("/v1/configs/home?region=CN", "If-None-Match", changed.header("ETag")).expectStatus(304);
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String id = server.rule("home", "{\"value\":{\"n\":1}}");
        String path = "/v1/admin/configs/home/rules/" + id;
        server.client.request("PUT", path).header("If-Match", "\"1\"").header("Content-Type", "application/json")
                .body("{\"value\":{\"n\":2}}").send().expectStatus(200).expectJson("/data/revision", 2).expectHeader("ETag", "\"2\"");
        server.client.request("PUT", path).header("If-Match", "\"1\"").header("Content-Type", "application/json")
                .body("{\"value\":{\"n\":3}}").send().expectStatus(412).expectJson("/ret", -1)
                .expectJson("/message", "rule " + id + " is at revision 2, not 1; read it again");
        assertThat(server.config("home", "")).isEqualTo("{\"n\":2}");
        server.client.request("PUT", path).header("If-Match", "two").header("Content-Type", "application/json")
                .body("{\"value\":{\"n\":3}}").send().expectStatus(400);
        server.client.request("PUT", path).header("Content-Type", "application/json")
                .body("{\"value\":{\"n\":4},\"priority\":7}").send().expectStatus(200).expectJson("/data/revision", 3)
                .expectJson("/data/priority", 7).expectJson("/data/value/n", 4);

        String absent = "0123456789abcdef01234567";
        server.client.request("PUT", "/v1/admin/configs/home/rules/" + absent).header("If-Match", "3")
                .header("Content-Type", "application/json").body("{\"value\":{}}").send()
                .expectStatus(404).expectJson("/message", "config home has no rule " + absent);
        server.client.request("PUT", "/v1/admin/configs/other/rules/" + id).header("Content-Type", "application/json")
                .body("{\"value\":{}}").send().expectStatus(404);
        server.client.delete(path).expectStatus(200).expectJson("/data/id", id);
        server.client.delete(path).expectStatus(404);
        server.get("/v1/configs/home").expectStatus(404);
    }

    @Test
    void everyBadInputIsA400NamingItAndStoresNothing() throws Exception {
        String id = server.rule("home", "{\"value\":{\"kept\":true}}");
        String tooBig = "{\"value\":{\"blob\":\"" + "x".repeat(256 * 1024) + "\"}}";
        String manyDevices = "{\"devices\":[" + String.join(",", Collections.nCopies(65, "\"d\"")) + "],\"value\":{}}";
        List<List<String>> bodies = List.of(
                List.of("{\"value\":{},\"colour\":1}", "unknown field colour"),
                List.of("{\"value\":{},\"id\":\"" + id + "\"}", "id is kept by the server"),
                List.of("{\"value\":{},\"revision\":1}", "revision is kept by the server"),
                List.of("{}", "value is required, as a JSON object"),
                List.of("{\"value\":[1]}", "value is required, as a JSON object"),
                List.of("{\"value\":\"{}\"}", "value is required, as a JSON object"),
                List.of(tooBig, "value must be at most 262144 bytes of JSON"),
                List.of("{\"value\":{},\"minVersion\":2}", "minVersion must be a string"),
                List.of("{\"value\":{},\"minVersion\":\"2.0\",\"maxVersion\":\"2\"}", "minVersion must be below maxVersion"),
                List.of("{\"value\":{},\"maxVersion\":\"2.x\"}", "maxVersion must be 1 to 4"),
                List.of("{\"value\":{},\"devices\":\"ios\"}", "devices must be an array of at most 64 strings"),
                List.of(manyDevices, "devices must be an array of at most 64 strings"),
                List.of("{\"value\":{},\"devices\":[\"ios\",3]}", "devices[1] must be a string"),
                List.of("{\"value\":{},\"devices\":[\"i os\"]}", "devices[0] must be 1 to 32"),
                List.of("{\"value\":{},\"regions\":[\"CHN\"]}", "regions[0] must be an ISO 3166 alpha-2 code"),
                List.of("{\"value\":{},\"languages\":[\"zh_CN\"]}", "languages[0] must be a BCP 47 language tag"),
                List.of("{\"value\":{},\"priority\":1.5}", "priority must be an integer"),
                List.of("{\"value\":{},\"priority\":\"1\"}", "priority must be an integer"),
                List.of("{\"value\":{},\"priority\":3000000000}", "priority must be an integer"),
                List.of("{\"value\":{},\"enabled\":\"yes\"}", "enabled must be true or false"),
                List.of("[1]", "the body must be a JSON object"),
                List.of("{\"value\":", "invalid JSON body"),
                List.of("", "request body is empty"));
        for (List<String> bad : bodies) {
            TestResponse created = server.client.postJson("/v1/admin/configs/home/rules", bad.get(0));
            assertThat(created.status()).as(bad.get(1)).isEqualTo(400);
            assertThat(created.json().get("message").asText()).as(bad.get(0)).startsWith(bad.get(1));
            TestResponse replaced = server.client.request("PUT", "/v1/admin/configs/home/rules/" + id)
                    .header("Content-Type", "application/json").body(bad.get(0)).send();
            assertThat(replaced.status()).as(bad.get(1)).isEqualTo(400);
        }
        for (String name : List.of("Home", "-home", "h%20ome", "h".repeat(65), "h$ome")) {
            server.client.postJson("/v1/admin/configs/" + name + "/rules", "{\"value\":{}}").expectStatus(400)
                    .expectJson("/message", "config name must be 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit");
            server.get("/v1/configs/" + name).expectStatus(400);
        }
        server.client.request("PUT", "/v1/admin/configs/home/rules/not-an-id").header("Content-Type", "application/json")
                .body("{\"value\":{}}").send().expectStatus(400).expectJson("/message", "rule id must be 24 hex digits, as the rule's id reads");
        server.client.delete("/v1/admin/configs/home/rules/%7B%24ne%3A1%7D").expectStatus(400);

        List<List<String>> clients = List.of(
                List.of("version=1.2.3.4.5", "", "version must be 1 to 4"),
                List.of("version=latest", "", "version must be 1 to 4"),
                List.of("", "X-App-Version", "X-App-Version must be 1 to 4"),
                List.of("device=i%20os", "", "device must be 1 to 32"),
                List.of("", "X-Device", "X-Device must be 1 to 32"),
                List.of("region=CHN", "", "region must be an ISO 3166 alpha-2 code"),
                List.of("", "X-Region", "X-Region must be an ISO 3166 alpha-2 code"),
                List.of("lang=en_US", "", "lang must be a BCP 47 language tag"),
                List.of("", "Accept-Language", "Accept-Language must be a BCP 47 language tag"),
                List.of("region=CN&region=US", "", "region must be given once"));
        for (List<String> bad : clients) {
            String[] headers = bad.get(1).isEmpty() ? new String[0] : new String[] {bad.get(1), "b@d value"};
            server.get("/v1/configs/home?" + bad.get(0), headers).expectStatus(400).expectJson("/ret", -1);
            assertThat(server.get("/v1/configs/home?" + bad.get(0), headers).json().get("message").asText()).startsWith(bad.get(2));
            assertThat(server.get("/v1/admin/configs/home/preview?" + bad.get(0)).status()).as(bad.get(0))
                    .isEqualTo(bad.get(0).isEmpty() ? 200 : 400);
        }

        assertThat(server.count("config_rules")).isEqualTo(1);
        JsonNode rule = server.get("/v1/admin/configs/home/rules").json().at("/data/rules/0");
        assertThat(rule.get("revision").asLong()).isEqualTo(1);
        assertThat(rule.get("value").toString()).isEqualTo("{\"kept\":true}");
    }

    @Test
    void aRuleReadsBackCanonical() {
        server.rule("home", "{\"minVersion\":\"1.02\",\"maxVersion\":\"3\",\"devices\":[\"IOS\",\"ios\",\"android\"],"
                + "\"regions\":[\"cn\"],\"languages\":[\"ZH-hant\"],\"priority\":-3,\"enabled\":false,\"value\":{\"$weird.key\":1}}");
        JsonNode rule = server.get("/v1/admin/configs/home/rules").expectStatus(200).json().at("/data/rules/0");
        assertThat(rule.get("name").asText()).isEqualTo("home");
        assertThat(rule.get("minVersion").asText()).isEqualTo("1.2");
        assertThat(rule.get("maxVersion").asText()).isEqualTo("3");
        assertThat(rule.get("devices").toString()).isEqualTo("[\"android\",\"ios\"]");
        assertThat(rule.get("regions").toString()).isEqualTo("[\"CN\"]");
        assertThat(rule.get("languages").toString()).isEqualTo("[\"zh-Hant\"]");
        assertThat(rule.get("priority").asInt()).isEqualTo(-3);
        assertThat(rule.get("enabled").asBoolean()).isFalse();
        assertThat(rule.get("value").toString()).isEqualTo("{\"$weird.key\":1}");
        assertThat(rule.get("package").isNull()).isTrue();
        assertThat(rule.get("revision").asLong()).isEqualTo(1);
        assertThat(rule.get("updatedAt").asText()).isEqualTo("2026-11-28T08:00:01Z");
        server.get("/v1/admin/configs/empty/rules").expectStatus(200).expectJson("/data/rules", List.of());
    }
}
