package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    private static AuthHarness gateway;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static void expectInvalid(TestResponse response, String message) {
        response.expectStatus(400).expectJson("/ret", 40000).expectJson("/message", message);
    }

    @Test
    void refusesCallsWithoutTheAdminCredential() {
        String realm = "Bearer realm=\"shallot-admin\"";
        gateway.client.get("/admin/apps").expectStatus(401).expectJson("/ret", 40108)
                .expectJson("/message", "invalid admin credential").expectHeader("WWW-Authenticate", realm);
        gateway.client.request("GET", "/admin/apps").header("Authorization", "Bearer " + AuthHarness.ADMIN_TOKEN + "x")
                .send().expectStatus(401).expectJson("/ret", 40108);
        gateway.client.request("POST", "/admin/apps").header("Authorization", "Basic " + AuthHarness.ADMIN_TOKEN)
                .body("{\"name\":\"sneaky\"}").send().expectStatus(401);
        String[] app = gateway.appGranted("*");
        gateway.client.request("GET", "/admin/apps").header("Authorization", "Bearer " + gateway.token(app[0], app[1]))
                .send().expectStatus(401).expectJson("/ret", 40108);
        assertThat(gateway.admin("GET", "/admin/apps?limit=1000").send().text()).doesNotContain("sneaky");
    }

    @Test
    void refusesEveryCallWhenNoAdminTokenIsConfigured() {
        try (AuthHarness closed = new AuthHarness(AuthHarness.settings().withAdminToken(null))) {
            closed.admin("GET", "/admin/apps").send().expectStatus(401).expectJson("/ret", 40108);
            closed.client.request("GET", "/admin/apps").header("Authorization", "Bearer ").send().expectStatus(401);
        }
    }

    @Test
    void createsAnAppAndShowsItsSecretOnlyThen() {
        JsonNode created = gateway.createApp("{\"appid\":\"partner-one\",\"name\":\" Partner One \",\"apis\":"
                + "[\"users.read\",\"contents.read\"],\"plan\":\"gold\",\"priorityClass\":1,\"signed\":false}");

        assertThat(created.get("client_id").asText()).isEqualTo("partner-one");
        assertThat(created.get("client_secret").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.get("secret_id").asText()).matches("sec_[A-Za-z0-9_-]{12}");
        JsonNode app = gateway.admin("GET", "/admin/apps/partner-one").send().expectStatus(200).json().get("data");
        assertThat(app).isEqualTo(created.get("app"));
        assertThat(app.get("name").asText()).isEqualTo("Partner One");
        assertThat(app.get("apis").toString()).isEqualTo("[\"contents.read\",\"users.read\"]");
        assertThat(app.get("plan").asText()).isEqualTo("gold");
        assertThat(app.get("priorityClass").asInt()).isEqualTo(1);
        assertThat(app.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(app.at("/secrets/0/id").asText()).isEqualTo(created.get("secret_id").asText());
        assertThat(app.at("/secrets/0").has("expiresAt")).isTrue();
        assertThat(app.toString()).doesNotContain(created.get("client_secret").asText()).doesNotContain("sealed");
    }

    @Test
    void generatesAnAppidWhenNoneIsGiven() {
        JsonNode created = gateway.createApp("{\"name\":\"generated\"}");

        assertThat(created.get("client_id").asText()).matches("app_[A-Za-z0-9_-]{16}");
        assertThat(created.at("/app/plan").asText()).isEqualTo("default");
        assertThat(created.at("/app/priorityClass").isNull()).isTrue();
    }

    @Test
    void refusesATakenAppid() {
        gateway.createApp("{\"appid\":\"taken-one\",\"name\":\"first\"}");

        gateway.admin("POST", "/admin/apps").body("{\"appid\":\"taken-one\",\"name\":\"second\"}").send()
                .expectStatus(409).expectJson("/ret", 40900).expectJson("/message", "appid taken-one is taken");
        gateway.admin("GET", "/admin/apps/taken-one").send().expectJson("/data/name", "first");
    }

    @Test
    void validatesCreation() {
        String appidRule = "appid must be 3 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"owner\":\"me\"}"),
                "unknown field 'owner' (allowed: apis, appid, name, plan, priorityClass, signed)");
        expectInvalid(send("POST", "/admin/apps", "{}"), "name must not be empty");
        expectInvalid(send("POST", "/admin/apps", "{\"appid\":\"\",\"name\":\"x\"}"), "appid must not be empty");
        expectInvalid(send("POST", "/admin/apps", "{\"appid\":\"a b\",\"name\":\"x\"}"), appidRule);
        expectInvalid(send("POST", "/admin/apps", "{\"appid\":{\"$ne\":null},\"name\":\"x\"}"),
                "appid must be a string, got an object");
        expectInvalid(send("POST", "/admin/apps", "{\"appid\":\"$where\",\"name\":\"x\"}"), appidRule);
        expectInvalid(send("POST", "/admin/apps", "{\"name\":7}"), "name must be a string, got the number 7");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"priorityClass\":4}"),
                "priorityClass must be 0 (critical) to 3 (lowest), or null, got 4");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"priorityClass\":1.5}"),
                "priorityClass must be an integer, got the number 1.5");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"priorityClass\":\"high\"}"),
                "priorityClass must be an integer, got a string");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"signed\":\"yes\"}"),
                "signed must be true or false, got a string");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"apis\":\"contents.read\"}"),
                "apis must be an array of strings, got a string");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"apis\":[{\"$gt\":\"\"}]}"),
                "apis must be an array of strings, got an element an object");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"apis\":[\"../admin\"]}"),
                "api ids are '*' or 1 to 128 letters, digits, '_', '-', '.', ':' or '/', starting with a letter or digit");
        expectInvalid(send("POST", "/admin/apps", "{\"name\":\"x\",\"plan\":\"\"}"),
                "plan must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        expectInvalid(send("POST", "/admin/apps", "[]"), "the body must be a JSON object");
        send("POST", "/admin/apps", "{\"name\":").expectStatus(400).expectJson("/ret", 40000);
        assertThat(gateway.admin("GET", "/admin/apps?limit=1000").send().json().at("/data/apps").findValuesAsText("name"))
                .doesNotContain("x");
    }

    @Test
    void validatesIdsInPathsAndQueries() {
        String appidRule = "appid must be 3 to 64 letters, digits, '_', '-' or '.', starting with a letter or digit";
        expectInvalid(gateway.admin("GET", "/admin/apps/%7B%22$ne%22:1%7D").send(), appidRule);
        expectInvalid(gateway.admin("GET", "/admin/apps/$ne").send(), appidRule);
        expectInvalid(gateway.admin("PATCH", "/admin/apps/a").body("{\"plan\":\"x\"}").send(), appidRule);
        gateway.admin("GET", "/admin/apps/no-such-app").send().expectStatus(404).expectJson("/ret", 40400)
                .expectJson("/message", "no app no-such-app");
        gateway.admin("PATCH", "/admin/apps/no-such-app").body("{\"plan\":\"x\"}").send().expectStatus(404);
        gateway.admin("POST", "/admin/apps/no-such-app/secrets").send().expectStatus(404);
        expectInvalid(gateway.admin("DELETE", "/admin/apps/no-such-app/secrets/%24ne").send(),
                "secretId must be a secret id as listed by GET /admin/apps/:appid (sec_...)");
        expectInvalid(gateway.admin("GET", "/admin/apps?limit=0").send(), "limit must be an integer from 1 to 1000");
        expectInvalid(gateway.admin("GET", "/admin/apps?limit=ten").send(), "limit must be an integer from 1 to 1000");
        expectInvalid(gateway.admin("GET", "/admin/apps?after[$gt]=a").send(),
                "unknown query parameter 'after[$gt]' (allowed: after, limit, status)");
        expectInvalid(gateway.admin("GET", "/admin/apps?status=gone").send(), "status must be ACTIVE or DISABLED");
    }

    @Test
    void updatesOnlyTheGivenFieldsAndValidatesThem() {
        gateway.createApp("{\"appid\":\"patched\",\"name\":\"before\",\"apis\":[\"a\"],\"priorityClass\":2}");

        gateway.admin("PATCH", "/admin/apps/patched").body("{\"name\":\"after\",\"plan\":\"silver\",\"signed\":true}")
                .send().expectStatus(200).expectJson("/data/name", "after").expectJson("/data/plan", "silver")
                .expectJson("/data/signed", true).expectJson("/data/apis", List.of("a"))
                .expectJson("/data/priorityClass", 2);
        gateway.admin("PATCH", "/admin/apps/patched").body("{\"priorityClass\":null,\"status\":\"disabled\"}").send()
                .expectStatus(200).expectJson("/data/status", "DISABLED");
        JsonNode app = gateway.admin("GET", "/admin/apps/patched").send().json().get("data");
        assertThat(app.get("priorityClass").isNull()).isTrue();

        expectInvalid(send("PATCH", "/admin/apps/patched", "{}"),
                "nothing to change: give at least one of apis, name, plan, priorityClass, signed, status");
        expectInvalid(send("PATCH", "/admin/apps/patched", "{\"appid\":\"renamed\"}"),
                "unknown field 'appid' (allowed: apis, name, plan, priorityClass, signed, status)");
        expectInvalid(send("PATCH", "/admin/apps/patched", "{\"priorityClass\":-1}"),
                "priorityClass must be 0 (critical) to 3 (lowest), or null, got -1");
        expectInvalid(send("PATCH", "/admin/apps/patched", "{\"status\":\"DELETED\"}"), "status must be ACTIVE or DISABLED");
        expectInvalid(send("PATCH", "/admin/apps/patched", "{\"apis\":null}"), "apis must be an array of strings, got null");
        expectInvalid(send("PATCH", "/admin/apps/patched", "{\"name\":\"ok\",\"signed\":1}"),
                "signed must be true or false, got the number 1");
        gateway.admin("GET", "/admin/apps/patched").send().expectJson("/data/name", "after");
    }

    @Test
    void validatesRotationAndStatusCalls() {
        gateway.createApp("{\"appid\":\"rotated\",\"name\":\"r\"}");

        expectInvalid(send("POST", "/admin/apps/rotated/secrets", "{\"graceSeconds\":-1}"),
                "graceSeconds must be from 0 to 31536000 (365 days)");
        expectInvalid(send("POST", "/admin/apps/rotated/secrets", "{\"graceSeconds\":\"1h\"}"),
                "graceSeconds must be an integer, got a string");
        expectInvalid(send("POST", "/admin/apps/rotated/secrets", "{\"grace\":1}"),
                "unknown field 'grace' (allowed: graceSeconds)");
        expectInvalid(send("POST", "/admin/apps/rotated/disable", "{\"now\":true}"), "unknown field 'now': this call takes no fields");
        assertThat(gateway.admin("GET", "/admin/apps/rotated").send().json().at("/data/secrets")).hasSize(1);
    }

    @Test
    void listsAppsPageByPage() {
        for (String id : List.of("list-c", "list-a", "list-b")) {
            gateway.createApp("{\"appid\":\"" + id + "\",\"name\":\"" + id + "\"}");
        }
        gateway.admin("POST", "/admin/apps/list-b/disable").send().expectStatus(200);

        JsonNode first = gateway.admin("GET", "/admin/apps?after=list-&limit=2").send().expectStatus(200).json().get("data");
        JsonNode second = gateway.admin("GET", "/admin/apps?after=" + first.get("next").asText() + "&limit=2").send().json()
                .get("data");
        JsonNode disabled = gateway.admin("GET", "/admin/apps?status=disabled&after=list-&limit=10").send().json()
                .get("data");

        List<String> ids = new ArrayList<>(first.get("apps").findValuesAsText("appid"));
        assertThat(ids).containsExactly("list-a", "list-b");
        assertThat(second.get("apps").findValuesAsText("appid").get(0)).isEqualTo("list-c");
        assertThat(disabled.get("apps").findValuesAsText("appid")).containsExactly("list-b");
        assertThat(disabled.get("next").isNull()).isTrue();
        assertThat(first.toString()).doesNotContain("sealed").doesNotContain("client_secret");
    }

    private static TestResponse send(String method, String path, String body) {
        return gateway.admin(method, path).body(body).send();
    }
}
