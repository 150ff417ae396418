package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gray releases over real HTTP on an embedded MongoDB: a share of subjects gets a rule, then everyone. */
class ConfigRolloutIT {
    private static final String SALT = "home-dark";
    private static final String LIGHT = "{\"theme\":\"light\",\"n\":1}";
    private static final String DARK = "{\"theme\":\"dark\",\"n\":1}";

    private final ConfigServer server = new ConfigServer();

    @AfterEach
    void close() {
        server.close();
    }

    private String darkAt(String percent) {
        return "{\"rollout\":{\"percent\":" + percent + ",\"salt\":\"" + SALT + "\"},\"value\":{\"theme\":\"dark\"}}";
    }

    /** The config as the client with that {@code deviceId} query gets it. */
    private TestResponse asDevice(String deviceId, String... headers) {
        return server.get("/v1/configs/home?deviceId=" + deviceId, headers);
    }

    @Test
    void aRolloutRuleGivesItsShareOfSubjectsTheNewValueUntilRaisedToEveryone() {
        server.rule("home", "{\"value\":" + LIGHT + "}");
        String dark = server.rule("home", darkAt("30"));
        List<String> in = Buckets.subjects("device-", SALT, 3_000, true, 3);
        List<String> out = Buckets.subjects("device-", SALT, 3_000, false, 3);

        String inEtag = asDevice(in.get(0)).expectStatus(200).header("ETag");
        String outEtag = asDevice(out.get(0)).expectStatus(200).header("ETag");
        assertThat(inEtag).isNotEqualTo(outEtag);
        for (String subject : in) {
            TestResponse response = asDevice(subject).expectStatus(200);
            assertThat(response.json().at("/data/config").toString()).as(subject).isEqualTo(DARK);
            assertThat(response.header("ETag")).as("the same answer, the same ETag").isEqualTo(inEtag);
            assertThat(response.header("Vary")).doesNotContain("X-Device-Id");
        }
        for (String subject : out) {
            TestResponse response = asDevice(subject).expectStatus(200);
            assertThat(response.json().at("/data/config").toString()).as(subject).isEqualTo(LIGHT);
            assertThat(response.header("ETag")).isEqualTo(outEtag);
        }
        assertThat(server.config("home", "")).as("no subject: out").isEqualTo(LIGHT);

        TestResponse byHeader = server.get("/v1/configs/home", "X-Device-Id", in.get(1)).expectStatus(200);
        assertThat(byHeader.json().at("/data/config").toString()).isEqualTo(DARK);
        assertThat(byHeader.header("Vary")).isEqualTo("X-App-Version, X-Device, X-Region, Accept-Language, X-Device-Id");
        server.get("/v1/configs/home", "X-Device-Id", in.get(1), "If-None-Match", inEtag).expectStatus(304).expectHeader("ETag", inEtag);
        server.get("/v1/configs/home?deviceId=" + out.get(1), "If-None-Match", inEtag).expectStatus(200);
        server.get("/v1/configs/home?deviceId=" + out.get(1), "If-None-Match", outEtag).expectStatus(304);

        JsonNode preview = server.get("/v1/admin/configs/home/preview?subject=" + in.get(2)).expectStatus(200).json().get("data");
        assertThat(preview.get("config").toString()).isEqualTo(DARK);
        assertThat(preview.get("ruleIds").get(1).asText()).isEqualTo(dark);
        assertThat(preview.at("/client/subject").asText()).isEqualTo(in.get(2));
        assertThat(server.get("/v1/admin/configs/home/preview?subject=" + out.get(2)).json().at("/data/config").toString()).isEqualTo(LIGHT);

        replace(dark, darkAt("100"));
        for (String subject : out) {
            assertThat(asDevice(subject).expectStatus(200).json().at("/data/config").toString()).as(subject).isEqualTo(DARK);
        }
        assertThat(server.config("home", "")).as("no subject: in at 100 %").isEqualTo(DARK);
        asDevice(in.get(0), "If-None-Match", inEtag).expectStatus(304);
        asDevice(out.get(0), "If-None-Match", outEtag).expectStatus(200).expectHeader("ETag", inEtag);
    }

    @Test
    void raisingTheShareKeepsEverySubjectAlreadyIn() {
        server.rule("home", "{\"value\":" + LIGHT + "}");
        String dark = server.rule("home", darkAt("20"));
        List<String> subjects = IntStream.range(0, 40).mapToObj(i -> "device-" + i).toList();
        List<String> at20 = subjects.stream().filter(this::isDark).toList();
        replace(dark, darkAt("50"));
        List<String> at50 = subjects.stream().filter(this::isDark).toList();
        assertThat(at20).isNotEmpty().isEqualTo(subjects.stream().filter(s -> Buckets.of(SALT, s) < 2_000).toList());
        assertThat(at50).containsAll(at20).hasSizeGreaterThan(at20.size())
                .isEqualTo(subjects.stream().filter(s -> Buckets.of(SALT, s) < 5_000).toList());
        replace(dark, darkAt("0"));
        assertThat(subjects).noneMatch(this::isDark);
    }

    private boolean isDark(String subject) {
        return asDevice(subject).expectStatus(200).json().at("/data/config").toString().equals(DARK);
    }

    @Test
    void theUserTheGatewayVouchesForWinsOverADeviceId() {
        server.rule("home", "{\"value\":" + LIGHT + "}");
        server.rule("home", darkAt("30"));
        String userIn = Buckets.subjects("user-", SALT, 3_000, true, 1).getFirst();
        String userOut = Buckets.subjects("user-", SALT, 3_000, false, 1).getFirst();
        String deviceIn = Buckets.subjects("device-", SALT, 3_000, true, 1).getFirst();
        String deviceOut = Buckets.subjects("device-", SALT, 3_000, false, 1).getFirst();

        assertThat(server.config("home", "deviceId=" + deviceOut, "X-Shallot-User", userIn)).isEqualTo(DARK);
        assertThat(server.config("home", "deviceId=" + deviceIn, "X-Shallot-User", userOut)).isEqualTo(LIGHT);
        assertThat(server.config("home", "", "X-Shallot-User", userOut, "X-Device-Id", deviceIn)).isEqualTo(LIGHT);
        assertThat(server.config("home", "", "X-Device-Id", deviceIn)).isEqualTo(DARK);
        assertThat(server.config("home", "deviceId=" + deviceOut, "X-Device-Id", deviceIn)).as("the query wins").isEqualTo(LIGHT);
    }

    @Test
    void aRuleReadsBackItsRolloutWithTheSaltWrittenOut() {
        String defaulted = server.rule("home", "{\"rollout\":{\"percent\":0.05},\"value\":{}}");
        server.rule("home", "{\"rollout\":{\"percent\":12.50,\"salt\":\"Spring:2026_a-b.c\"},\"value\":{}}");
        server.rule("home", "{\"rollout\":null,\"value\":{}}");
        JsonNode rules = server.get("/v1/admin/configs/home/rules").expectStatus(200).json().at("/data/rules");
        assertThat(rules.get(0).get("rollout").isNull()).as("fewer constraints first").isTrue();
        assertThat(rules.get(1).get("rollout").toString()).isEqualTo("{\"percent\":0.05,\"salt\":\"" + defaulted + "\"}");
        assertThat(rules.get(2).get("rollout").toString()).isEqualTo("{\"percent\":12.5,\"salt\":\"Spring:2026_a-b.c\"}");

        String whole = server.client.request("PUT", "/v1/admin/configs/home/rules/" + defaulted).header("Content-Type", "application/json")
                .body("{\"rollout\":{\"percent\":100.00},\"value\":{}}").send().expectStatus(200).json().at("/data/rollout").toString();
        assertThat(whole).isEqualTo("{\"percent\":100,\"salt\":\"" + defaulted + "\"}");
    }

    @Test
    void aBadRolloutOrSubjectIsA400NamingItAndWritesNothing() throws Exception {
        String id = server.rule("home", "{\"value\":{\"kept\":true}}");
        String form = "rollout.percent must be a number from 0 to 100 with at most two decimals";
        List<List<String>> bodies = List.of(
                List.of("{\"rollout\":{\"percent\":-1},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":-0.01},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":100.01},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":20.125},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":0.001},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":1e400},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":\"20\"},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":true},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":null},\"value\":{}}", form),
                List.of("{\"rollout\":{},\"value\":{}}", form),
                List.of("{\"rollout\":{\"percent\":20,\"salt\":\"\"},\"value\":{}}", "rollout.salt must be 1 to 64 of A-Z a-z 0-9 _ . : -"),
                List.of("{\"rollout\":{\"percent\":20,\"salt\":\"two words\"},\"value\":{}}", "rollout.salt must be 1 to 64"),
                List.of("{\"rollout\":{\"percent\":20,\"salt\":\"" + "s".repeat(65) + "\"},\"value\":{}}", "rollout.salt must be 1 to 64"),
                List.of("{\"rollout\":{\"percent\":20,\"salt\":\"盐\"},\"value\":{}}", "rollout.salt must be 1 to 64"),
                List.of("{\"rollout\":{\"percent\":20,\"salt\":7},\"value\":{}}", "rollout.salt must be a string"),
                List.of("{\"rollout\":{\"percent\":20,\"from\":10},\"value\":{}}", "unknown field rollout.from"),
                List.of("{\"rollout\":20,\"value\":{}}", "rollout must be null or an object"),
                List.of("{\"rollout\":[20],\"value\":{}}", "rollout must be null or an object"));
        for (List<String> bad : bodies) {
            TestResponse created = server.client.postJson("/v1/admin/configs/home/rules", bad.get(0));
            assertThat(created.status()).as(bad.get(0)).isEqualTo(400);
            assertThat(created.json().get("message").asText()).as(bad.get(0)).startsWith(bad.get(1));
            TestResponse replaced = server.client.request("PUT", "/v1/admin/configs/home/rules/" + id)
                    .header("Content-Type", "application/json").body(bad.get(0)).send();
            assertThat(replaced.status()).as(bad.get(0)).isEqualTo(400);
            assertThat(replaced.json().get("message").asText()).as(bad.get(0)).startsWith(bad.get(1));
        }

        List<List<String>> clients = List.of(
                List.of("/v1/configs/home?deviceId=a%20b", "", "deviceId must be 1 to 128 of A-Z a-z 0-9 _ . : -"),
                List.of("/v1/configs/home?deviceId=" + "d".repeat(129), "", "deviceId must be 1 to 128"),
                List.of("/v1/configs/home?deviceId=a&deviceId=b", "", "deviceId must be given once"),
                List.of("/v1/configs/home", "a/b", "X-Device-Id must be 1 to 128 of A-Z a-z 0-9 _ . : -"),
                List.of("/v1/configs/home?deviceId=ok", "", ""),
                List.of("/v1/admin/configs/home/preview?subject=a%20b", "", "subject must be 1 to 128 visible ASCII characters"),
                List.of("/v1/admin/configs/home/preview?subject=" + "u".repeat(129), "", "subject must be 1 to 128"));
        for (List<String> bad : clients) {
            TestResponse response = bad.get(1).isEmpty() ? server.get(bad.get(0)) : server.get(bad.get(0), "X-Device-Id", bad.get(1));
            if (bad.get(2).isEmpty()) {
                response.expectStatus(200);
                continue;
            }
            assertThat(response.status()).as(bad.get(0)).isEqualTo(400);
            assertThat(response.json().get("message").asText()).as(bad.get(0)).startsWith(bad.get(2));
        }
        server.get("/v1/configs/home?deviceId=ok", "X-Shallot-User", "a b").expectStatus(400);

        assertThat(server.count("config_rules")).isEqualTo(1);
        JsonNode rule = server.get("/v1/admin/configs/home/rules").json().at("/data/rules/0");
        assertThat(rule.get("revision").asLong()).isEqualTo(1);
        assertThat(rule.get("rollout").isNull()).isTrue();
        assertThat(rule.get("value").toString()).isEqualTo("{\"kept\":true}");
    }

    private void replace(String id, String body) {
        server.clock.advance(Duration.ofSeconds(1));
        server.client.request("PUT", "/v1/admin/configs/home/rules/" + id).header("Content-Type", "application/json")
                .body(body).send().expectStatus(200);
    }
}
