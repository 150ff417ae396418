package io.shallot.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReportsIT {
    private DiagnosticsFixture fixture = new DiagnosticsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private String report(String platform, String version, String metrics) {
        return fixture.client.postJson("/v1/diagnostics/reports", "{\"deviceId\":\"dev-" + platform + "\",\"appVersion\":\"" + version
                        + "\",\"platform\":\"" + platform + "\",\"metrics\":" + metrics + "}")
                .expectStatus(202).json().at("/data/id").asText();
    }

    private JsonNode metric(String path) {
        return fixture.client.get("/v1/admin/diagnostics/metrics/" + path).expectStatus(200).json().get("data");
    }

    @Test
    void aVouchedForUsersReportsAndPullQueriesAreItsOwn() {
        fixture.client.request("POST", "/v1/diagnostics/reports").header("X-Shallot-User", "ann")
                .header("Content-Type", "application/json")
                .body("{\"deviceId\":\"d1\",\"appVersion\":\"1.0.0\",\"platform\":\"ios\",\"metrics\":{\"fps\":60}}")
                .send().expectStatus(202);
        fixture.client.request("POST", "/v1/diagnostics/reports").header("X-Shallot-User", "ann")
                .header("Content-Type", "application/json")
                .body("{\"deviceId\":\"d1\",\"userId\":\"bob\",\"appVersion\":\"1.0.0\",\"platform\":\"ios\",\"metrics\":{}}")
                .send().expectStatus(403);
        JsonNode reports = fixture.client.get("/v1/admin/diagnostics/reports?deviceId=d1").json().at("/data/items");
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).get("userId").asText()).isEqualTo("ann");

        String pull = fixture.client.postJson("/v1/admin/diagnostics/pulls", "{\"target\":{\"deviceId\":\"d1\"},"
                + "\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"slow\"}")
                .expectStatus(201).json().at("/data/id").asText();
        fixture.client.request("GET", "/v1/diagnostics/pulls?userId=bob").header("X-Shallot-User", "ann").send().expectStatus(403);
        fixture.client.request("GET", "/v1/diagnostics/pulls?userId=ann").header("X-Shallot-User", "ann").send()
                .expectStatus(200).expectJson("/data/items", List.of());
        fixture.client.request("GET", "/v1/diagnostics/pulls?deviceId=d1").header("X-Shallot-User", "ann").send()
                .expectStatus(200).expectJson("/data/items/0/id", pull);
    }

    /**
     * android 1.2.0 sends cold_start.ms 5 1 9 3 7 2 8 4 6 10 at 12:00, ios 1.10.0 sends 100 200 300
     * an hour later. By nearest rank (⌈p·n/100⌉ of the sorted values): all 13 → p50 the 7th (7),
     * p90 the 12th (200), p99 the 13th (300); android's 10 → 5, 9, 10; ios's 3 → the 2nd (200), the
     * 3rd (300), the 3rd (300).
     */
    @Test
    void percentilesAreNearestRankOverTheMatchingReports() {
        for (int value : new int[] {5, 1, 9, 3, 7, 2, 8, 4, 6, 10}) {
            report("android", "1.2.0", "{\"cold_start.ms\":" + value + ",\"fps\":60}");
        }
        fixture.clock.advance(Duration.ofHours(1));
        for (int value : new int[] {100, 200, 300}) {
            report("ios", "1.10.0", "{\"cold_start.ms\":" + value + "}");
        }

        JsonNode all = metric("cold_start.ms");
        assertThat(all.toString()).isEqualTo("{\"metric\":\"cold_start.ms\",\"count\":13,\"min\":1.0,\"p50\":7.0,\"p90\":200.0,"
                + "\"p99\":300.0,\"max\":300.0,\"byAppVersion\":{"
                + "\"1.2.0\":{\"count\":10,\"p50\":5.0,\"p90\":9.0,\"p99\":10.0},"
                + "\"1.10.0\":{\"count\":3,\"p50\":200.0,\"p90\":300.0,\"p99\":300.0}}}");

        JsonNode ios = metric("cold_start.ms?platform=ios");
        assertThat(ios.get("count").asInt()).isEqualTo(3);
        assertThat(ios.get("min").asDouble()).isEqualTo(100);
        assertThat(ios.get("byAppVersion").size()).isEqualTo(1);

        JsonNode android = metric("cold_start.ms?appVersion=1.2.0");
        assertThat(android.get("count").asInt()).isEqualTo(10);
        assertThat(android.get("p50").asDouble()).isEqualTo(5);
        assertThat(metric("cold_start.ms?appVersion=1.2").get("count").asInt()).isZero();

        assertThat(metric("cold_start.ms?since=2026-11-28T12:30:00Z").get("count").asInt()).isEqualTo(3);
        assertThat(metric("cold_start.ms?until=2026-11-28T13:00:00Z").get("count").asInt()).isEqualTo(10);
        assertThat(metric("cold_start.ms?since=2026-11-28T12:00:00Z&until=2026-11-28T13:00:00.001Z").get("count").asInt()).isEqualTo(13);
        assertThat(metric("fps?platform=android").get("p99").asDouble()).isEqualTo(60);

        JsonNode none = metric("memory.mb");
        assertThat(none.toString()).isEqualTo("{\"metric\":\"memory.mb\",\"count\":0,\"min\":null,\"p50\":null,\"p90\":null,"
                + "\"p99\":null,\"max\":null,\"byAppVersion\":{}}");
    }

    @Test
    void theAnalysisReadsOnlyTheNewestSample() {
        fixture.close();
        fixture = new DiagnosticsFixture(DiagnosticsSettings.defaults().withSample(4), true);
        for (int value = 1; value <= 10; value++) {
            report("web", "2.0", "{\"ttfb\":" + value + "}");
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        JsonNode newest = metric("ttfb");
        assertThat(newest.get("count").asInt()).isEqualTo(4);
        assertThat(newest.get("min").asDouble()).isEqualTo(7);
        assertThat(newest.get("max").asDouble()).isEqualTo(10);
    }

    @Test
    void reportsAreListedNewestFirstAsSent() {
        String first = fixture.client.postJson("/v1/diagnostics/reports", "{\"deviceId\":\"dev-1\",\"userId\":\"ann\","
                + "\"appVersion\":\"3.1.4\",\"platform\":\"harmony\",\"device\":{\"model\":\"Mate 60\",\"os\":\"HarmonyOS\","
                + "\"osVersion\":\"4.0\"},\"metrics\":{\"jank.count\":0},\"events\":[{\"name\":\"login.failed\","
                + "\"at\":\"2026-11-28T11:59:00Z\",\"data\":{\"code\":401,\"$where\":\"x\",\"a.b\":[1]}}]}")
                .expectStatus(202).json().at("/data/id").asText();
        fixture.clock.advance(Duration.ofMinutes(1));
        String second = report("android", "1.0", "{}");

        JsonNode items = fixture.client.get("/v1/admin/diagnostics/reports").expectStatus(200).json().at("/data/items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("id").asText()).isEqualTo(second);
        JsonNode stored = items.get(1);
        assertThat(stored.get("id").asText()).isEqualTo(first);
        assertThat(stored.get("receivedAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(stored.get("device").toString()).isEqualTo("{\"model\":\"Mate 60\",\"os\":\"HarmonyOS\",\"osVersion\":\"4.0\"}");
        assertThat(stored.get("metrics").toString()).isEqualTo("{\"jank.count\":0.0}");
        assertThat(stored.get("events").toString()).isEqualTo("[{\"name\":\"login.failed\",\"at\":\"2026-11-28T11:59:00Z\","
                + "\"data\":{\"code\":401,\"$where\":\"x\",\"a.b\":[1]}}]");

        assertThat(fixture.client.get("/v1/admin/diagnostics/reports?userId=ann").json().at("/data/items").size()).isEqualTo(1);
        assertThat(fixture.client.get("/v1/admin/diagnostics/reports?deviceId=dev-android&limit=1").json().at("/data/items/0/id")
                .asText()).isEqualTo(second);
        assertThat(fixture.client.get("/v1/admin/diagnostics/reports?deviceId[$ne]=x&limit=5").json().at("/data/items").size())
                .isEqualTo(2);
        assertThat(Map.of("reports", fixture.count("diagnostic_reports"), "samples", fixture.count("diagnostic_samples")))
                .isEqualTo(Map.of("reports", 2L, "samples", 1L));
    }
}
