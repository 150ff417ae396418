package io.shallot.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.testing.TestResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BadInputsIT {
    private final DiagnosticsFixture fixture = new DiagnosticsFixture(DiagnosticsSettings.defaults().withMaxMetrics(3)
            .withMaxEvents(2), false);

    @AfterEach
    void close() {
        fixture.close();
    }

    private static final String RANGE = ",\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\"";

    @Test
    void everyBadPullRequestIsA400NamingTheFieldAndStoresNothing() {
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{\"target\":{}" + RANGE + ",\"reason\":\"r\"}", "target must have a deviceId or a userId"),
                Map.entry("{\"target\":{\"deviceId\":\"a b\"}" + RANGE + ",\"reason\":\"r\"}", "target.deviceId must be 1-128"),
                Map.entry("{\"target\":{\"userId\":{\"$ne\":1}}" + RANGE + ",\"reason\":\"r\"}", "target.userId must be a string"),
                Map.entry("{\"target\":{\"deviceId\":\"d\",\"$where\":\"1\"}" + RANGE + ",\"reason\":\"r\"}", "target has an unknown field"),
                Map.entry("{\"target\":\"d\"" + RANGE + ",\"reason\":\"r\"}", "target is required"),
                Map.entry("{" + RANGE.substring(1) + ",\"reason\":\"r\"}", "target is required"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"},\"from\":\"yesterday\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"r\"}",
                        "from must be an ISO-8601 instant"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"},\"from\":\"2026-11-27T00:00:00Z\",\"reason\":\"r\"}", "to is required"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"},\"from\":\"2026-11-28T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"r\"}",
                        "from must be before to"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"},\"from\":\"2026-11-20T00:00:00Z\",\"to\":\"2026-11-27T00:00:00.001Z\",\"reason\":\"r\"}",
                        "to must be at most PT168H after from"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"}" + RANGE + "}", "reason is required"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"}" + RANGE + ",\"reason\":\"   \"}", "reason must be 1 to 200 characters"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"}" + RANGE + ",\"reason\":\"" + "x".repeat(201) + "\"}",
                        "reason must be 1 to 200 characters"),
                Map.entry("{\"target\":{\"deviceId\":\"d\"}" + RANGE + ",\"reason\":\"r\",\"status\":\"uploaded\"}",
                        "the body has an unknown field"),
                Map.entry("[1]", "the body must be a JSON object"),
                Map.entry("{\"target\":", "invalid JSON body"));
        refusals.forEach((body, message) -> {
            TestResponse refused = fixture.client.postJson("/v1/admin/diagnostics/pulls", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().at("/message").asText()).as(body).startsWith(message);
        });
        assertThat(fixture.stored()).isZero();
    }

    @Test
    void everyBadReportIsA400NamingTheFieldAndStoresNothing() {
        String ok = "\"deviceId\":\"dev-1\",\"appVersion\":\"1.2.0\",\"platform\":\"ios\"";
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{\"appVersion\":\"1.2.0\",\"platform\":\"ios\",\"metrics\":{}}", "deviceId is required"),
                Map.entry("{\"deviceId\":\"d/1\",\"appVersion\":\"1.2.0\",\"platform\":\"ios\",\"metrics\":{}}", "deviceId must be 1-128"),
                Map.entry("{\"deviceId\":\"" + "d".repeat(129) + "\",\"appVersion\":\"1\",\"platform\":\"ios\",\"metrics\":{}}",
                        "deviceId must be 1-128"),
                Map.entry("{" + ok + ",\"userId\":7,\"metrics\":{}}", "userId must be a string"),
                Map.entry("{\"deviceId\":\"d\",\"appVersion\":\"1.2.3.4.5\",\"platform\":\"ios\",\"metrics\":{}}", "appVersion must be"),
                Map.entry("{\"deviceId\":\"d\",\"appVersion\":\"v1\",\"platform\":\"ios\",\"metrics\":{}}", "appVersion must be"),
                Map.entry("{\"deviceId\":\"d\",\"appVersion\":\"1.0\",\"platform\":\"symbian\",\"metrics\":{}}", "platform must be one of"),
                Map.entry("{" + ok + "}", "metrics is required"),
                Map.entry("{" + ok + ",\"metrics\":[1]}", "metrics is required"),
                Map.entry("{" + ok + ",\"metrics\":{\"Cold\":1}}", "every metrics name must be"),
                Map.entry("{" + ok + ",\"metrics\":{\"$gt\":1}}", "every metrics name must be"),
                Map.entry("{" + ok + ",\"metrics\":{\"cold\":-1}}", "metrics.cold must be a finite number >= 0"),
                Map.entry("{" + ok + ",\"metrics\":{\"cold\":\"5\"}}", "metrics.cold must be a finite number >= 0"),
                Map.entry("{" + ok + ",\"metrics\":{\"cold\":1e400}}", "metrics.cold must be a finite number >= 0"),
                Map.entry("{" + ok + ",\"metrics\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4}}", "metrics may have at most 3 entries"),
                Map.entry("{" + ok + ",\"metrics\":{},\"device\":{\"model\":\"" + "m".repeat(65) + "\"}}", "device.model must be 1 to 64"),
                Map.entry("{" + ok + ",\"metrics\":{},\"device\":{\"cpu\":\"arm\"}}", "device has an unknown field"),
                Map.entry("{" + ok + ",\"metrics\":{},\"device\":\"iPhone\"}", "device must be an object"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":{}}", "events must be an array"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[1]}", "events[0] must be an object"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[{\"name\":\"x\"}]}", "events[0].at is required"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[{\"name\":\"x y\",\"at\":\"2026-11-28T00:00:00Z\"}]}",
                        "events[0].name must be"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[{\"name\":\"x\",\"at\":\"2026-11-28T00:00:00Z\",\"data\":[1]}]}",
                        "events[0].data must be a JSON object"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[{\"name\":\"x\",\"at\":\"2026-11-28T00:00:00Z\",\"data\":{\"s\":\""
                        + "x".repeat(2048) + "\"}}]}", "events[0].data must be a JSON object of at most 2048 bytes"),
                Map.entry("{" + ok + ",\"metrics\":{},\"events\":[" + "{\"name\":\"x\",\"at\":\"2026-11-28T00:00:00Z\"},".repeat(2)
                        + "{\"name\":\"x\",\"at\":\"2026-11-28T00:00:00Z\"}]}", "events may have at most 2 entries"),
                Map.entry("{" + ok + ",\"metrics\":{},\"at\":1}", "the body has an unknown field"));
        refusals.forEach((body, message) -> {
            TestResponse refused = fixture.client.postJson("/v1/diagnostics/reports", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().at("/message").asText()).as(body).startsWith(message);
        });
        TestResponse huge = fixture.client.postJson("/v1/diagnostics/reports", "{\"pad\":\"" + "x".repeat(600 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(fixture.stored()).isZero();
    }

    @Test
    void badQueriesAre400sAndOperatorKeysAreIgnored() {
        for (String query : List.of("/v1/diagnostics/pulls", "/v1/diagnostics/pulls?deviceId=", "/v1/diagnostics/pulls?deviceId[$ne]=x",
                "/v1/diagnostics/pulls?deviceId=a&deviceId=b", "/v1/diagnostics/pulls?deviceId=%7B%22%24ne%22%3A1%7D",
                "/v1/admin/diagnostics/pulls?status=lost", "/v1/admin/diagnostics/pulls?limit=0", "/v1/admin/diagnostics/pulls?limit=101",
                "/v1/admin/diagnostics/pulls?userId=a%20b", "/v1/admin/diagnostics/reports?limit=x",
                "/v1/admin/diagnostics/reports?deviceId=a*", "/v1/admin/diagnostics/metrics/Cold",
                "/v1/admin/diagnostics/metrics/cold?platform=nokia", "/v1/admin/diagnostics/metrics/cold?appVersion=x",
                "/v1/admin/diagnostics/metrics/cold?since=monday", "/v1/admin/diagnostics/metrics/cold?until=2026",
                "/v1/admin/diagnostics/metrics/cold?since=2026-11-28T00:00:00Z&until=2026-11-27T00:00:00Z",
                "/v1/admin/diagnostics/pulls/x/log")) {
            TestResponse refused = fixture.client.get(query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().at("/ret").asInt()).as(query).isEqualTo(-1);
        }

        String id = LogPullsIT.requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
        fixture.client.get("/v1/admin/diagnostics/pulls?deviceId[$ne]=nobody&status[$in]=x").expectStatus(200)
                .expectJson("/data/items/0/id", id);
        fixture.client.get("/v1/admin/diagnostics/pulls?deviceId=dev-2&deviceId[$ne]=dev-2").expectStatus(200)
                .expectJson("/data/items", List.of());
        fixture.client.get("/v1/diagnostics/pulls?deviceId=dev-2&deviceId[$ne]=dev-2").expectStatus(200)
                .expectJson("/data/items", List.of());
    }
}
