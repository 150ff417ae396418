package io.shallot.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.shallot.web.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogPullsIT {
    private DiagnosticsFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static String requestPull(DiagnosticsFixture fixture, String target) {
        return fixture.client.postJson("/v1/admin/diagnostics/pulls", "{\"target\":" + target
                        + ",\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"crash on login\"}")
                .expectStatus(201).json().at("/data/id").asText();
    }

    static TestResponse upload(DiagnosticsFixture fixture, String id, byte[] log) {
        return fixture.client.request("PUT", "/v1/diagnostics/pulls/" + id + "/log")
                .header("Content-Type", "application/octet-stream").body(log).timeout(Duration.ofSeconds(30)).send();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @ParameterizedTest(name = "request bodies streamed: {0}")
    @ValueSource(booleans = {true, false})
    void aPullIsRequestedFoundUploadedAndDownloadedByteForByte(boolean streamed) throws Exception {
        fixture = new DiagnosticsFixture(DiagnosticsSettings.defaults(), streamed);
        TestResponse created = fixture.client.postJson("/v1/admin/diagnostics/pulls", "{\"target\":{\"deviceId\":\"dev-1\"},"
                + "\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\",\"reason\":\"crash on login\"}");
        created.expectStatus(201).expectJson("/ret", 0).expectJson("/data/status", "pending")
                .expectJson("/data/expiresAt", "2026-12-05T12:00:00Z");
        String id = created.json().at("/data/id").asText();
        assertThat(id).matches("[0-9a-f]{32}");

        JsonNode pending = fixture.client.get("/v1/diagnostics/pulls?deviceId=dev-1").expectStatus(200).json().at("/data/items");
        assertThat(pending.toString()).isEqualTo("[{\"id\":\"" + id + "\",\"from\":\"2026-11-27T00:00:00Z\",\"to\":\"2026-11-28T00:00:00Z\"}]");
        assertThat(fixture.client.get("/v1/diagnostics/pulls?deviceId=dev-2").json().at("/data/items").size()).isZero();

        byte[] log = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(log);
        upload(fixture, id, log).expectStatus(201).expectJson("/data/id", id).expectJson("/data/status", "uploaded")
                .expectJson("/data/size", log.length).expectJson("/data/sha256", sha256(log));
        assertThat(fixture.count("diagnostic_log_chunks")).isEqualTo(13);

        TestResponse download = fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").expectStatus(200);
        assertThat(download.bytes()).isEqualTo(log);
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(log.length));
        assertThat(download.header("ETag")).isEqualTo("\"" + sha256(log) + "\"");
        assertThat(download.header("Content-Encoding")).isNull();
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + id + ".log\"");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");

        JsonNode listed = fixture.client.get("/v1/admin/diagnostics/pulls?status=uploaded").expectStatus(200).json().at("/data/items/0");
        assertThat(listed.at("/id").asText()).isEqualTo(id);
        assertThat(listed.at("/target").toString()).isEqualTo("{\"deviceId\":\"dev-1\",\"userId\":null}");
        assertThat(listed.at("/reason").asText()).isEqualTo("crash on login");
        assertThat(listed.at("/log/size").asLong()).isEqualTo(log.length);
        assertThat(listed.at("/log/uploadedAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(fixture.client.get("/v1/diagnostics/pulls?deviceId=dev-1").json().at("/data/items").size()).isZero();

        upload(fixture, id, "again".getBytes(StandardCharsets.UTF_8)).expectStatus(409)
                .expectJson("/message", "pull " + id + " is already uploaded");
        assertThat(fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").bytes()).isEqualTo(log);
    }

    @Test
    void aGzippedLogIsStoredAndServedAsSentWithItsEncoding() throws Exception {
        fixture = new DiagnosticsFixture();
        String id = requestPull(fixture, "{\"userId\":\"u-9\"}");
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("12:00:01 INFO started\n".repeat(5000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] log = gzipped.toByteArray();
        fixture.client.request("PUT", "/v1/diagnostics/pulls/" + id + "/log").header("Content-Type", "text/plain")
                .header("Content-Encoding", "gzip").body(log).send().expectStatus(201).expectJson("/data/size", log.length);

        TestResponse download = fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").expectStatus(200)
                .expectHeader("Content-Type", "text/plain").expectHeader("Content-Encoding", "gzip");
        assertThat(download.bytes()).isEqualTo(log);
        fixture.client.get("/v1/admin/diagnostics/pulls?userId=u-9").expectJson("/data/items/0/log/contentEncoding", "gzip");
    }

    @Test
    void pullsReachTheAppsTheirTargetNames() {
        fixture = new DiagnosticsFixture();
        String byDevice = requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
        fixture.clock.advance(Duration.ofSeconds(1));
        String byUser = requestPull(fixture, "{\"userId\":\"ann\"}");
        fixture.clock.advance(Duration.ofSeconds(1));
        String byBoth = requestPull(fixture, "{\"deviceId\":\"dev-1\",\"userId\":\"bob\"}");

        assertThat(ids("deviceId=dev-1")).containsExactly(byDevice);
        assertThat(ids("userId=ann")).containsExactly(byUser);
        assertThat(ids("deviceId=dev-1&userId=ann")).containsExactly(byDevice, byUser);
        assertThat(ids("deviceId=dev-1&userId=bob")).containsExactly(byDevice, byBoth);
        assertThat(ids("deviceId=dev-2&userId=bob")).isEmpty();
        assertThat(ids("deviceId=dev-1&deviceId[$ne]=x&userId[$ne]=x")).containsExactly(byDevice);

        JsonNode newestFirst = fixture.client.get("/v1/admin/diagnostics/pulls?limit=2").expectStatus(200).json().at("/data/items");
        assertThat(List.of(newestFirst.get(0).get("id").asText(), newestFirst.get(1).get("id").asText()))
                .containsExactly(byBoth, byUser);
    }

    private List<String> ids(String query) {
        JsonNode items = fixture.client.get("/v1/diagnostics/pulls?" + query).expectStatus(200).json().at("/data/items");
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void unknownUploadedAndExpiredPullsAreRefused() {
        fixture = new DiagnosticsFixture();
        byte[] log = "a log line\n".getBytes(StandardCharsets.UTF_8);
        upload(fixture, "0123456789abcdef0123456789abcdef", log).expectStatus(404)
                .expectJson("/message", "no pull 0123456789abcdef0123456789abcdef");
        fixture.client.get("/v1/admin/diagnostics/pulls/0123456789abcdef0123456789abcdef/log").expectStatus(404);
        upload(fixture, "not-an-id", log).expectStatus(400).expectJson("/message", "id must be 32 hex digits");

        String id = requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
        fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").expectStatus(404)
                .expectJson("/message", "pull " + id + " has no uploaded log");
        upload(fixture, id, new byte[0]).expectStatus(400).expectJson("/message", "the log is empty");

        fixture.clock.advance(Duration.ofDays(7));
        upload(fixture, id, log).expectStatus(410).expectJson("/message", "pull " + id + " expired at 2026-12-05T12:00:00Z");
        assertThat(fixture.client.get("/v1/diagnostics/pulls?deviceId=dev-1").json().at("/data/items").size()).isZero();
        fixture.client.get("/v1/admin/diagnostics/pulls?status=expired").expectJson("/data/items/0/id", id)
                .expectJson("/data/items/0/status", "expired");
        assertThat(fixture.count("diagnostic_log_chunks")).isZero();
    }

    @Test
    void aUsersPullTakesOnlyThatUsersLogWhenTheGatewayVouchesForTheUploader() {
        fixture = new DiagnosticsFixture();
        byte[] log = "a log line\n".getBytes(StandardCharsets.UTF_8);
        String anns = requestPull(fixture, "{\"userId\":\"ann\"}");
        String devices = requestPull(fixture, "{\"deviceId\":\"dev-1\"}");

        fixture.client.request("PUT", "/v1/diagnostics/pulls/" + anns + "/log").header("X-Shallot-User", "bob")
                .header("Content-Type", "text/plain").body(log).send().expectStatus(403)
                .expectJson("/message", "pull " + anns + " is another user's");
        fixture.client.get("/v1/admin/diagnostics/pulls?userId=ann").expectJson("/data/items/0/status", "pending");
        assertThat(fixture.count("diagnostic_log_chunks")).isZero();

        fixture.client.request("PUT", "/v1/diagnostics/pulls/" + devices + "/log").header("X-Shallot-User", "bob")
                .header("Content-Type", "text/plain").body(log).send().expectStatus(201);
        fixture.client.request("PUT", "/v1/diagnostics/pulls/" + anns + "/log").header("X-Shallot-User", "ann")
                .header("Content-Type", "text/plain").body(log).send().expectStatus(201);
    }

    @Test
    void anUploadThatDiedMidwayIsTakenOverOnceItsClaimIsStale() {
        fixture = new DiagnosticsFixture();
        String id = requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
        Date claimed = Date.from(fixture.clock.instant());
        fixture.update("diagnostic_pulls", Filters.eq("_id", id), Updates.combine(Updates.set("status", "uploading"),
                Updates.set("upload", "dead"), Updates.set("claimedAt", claimed)));
        fixture.insert("diagnostic_log_chunks", new Document("upload", "dead").append("n", 0).append("data", new Binary(new byte[10])));
        byte[] log = "the whole log\n".getBytes(StandardCharsets.UTF_8);

        fixture.clock.advance(Duration.ofMinutes(5));
        upload(fixture, id, log).expectStatus(409).expectJson("/message", "pull " + id + " is being uploaded by another request");
        fixture.client.get("/v1/admin/diagnostics/pulls").expectJson("/data/items/0/status", "uploading");

        fixture.clock.advance(Duration.ofMillis(1));
        upload(fixture, id, log).expectStatus(201);
        assertThat(fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").bytes()).isEqualTo(log);
        assertThat(fixture.count("diagnostic_log_chunks")).as("the dead upload's chunk is gone").isEqualTo(1);
    }

    @ParameterizedTest(name = "request bodies streamed: {0}")
    @ValueSource(booleans = {true, false})
    void aLogOverTheLimitIsA413AndStoresNothing(boolean streamed) throws Exception {
        fixture = new DiagnosticsFixture(DiagnosticsSettings.defaults().withMaxLogBytes(300_000), streamed);
        String id = requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
        byte[] tooLarge = new byte[300_001];
        new Random(1).nextBytes(tooLarge);
        upload(fixture, id, tooLarge).expectStatus(413).expectJson("/message", "the log is larger than 300000 bytes");
        assertThat(chunkedUpload(id, tooLarge)).as("413, or the connection closed on the rest of the body").isIn(413, -1);
        assertThat(fixture.count("diagnostic_log_chunks")).isZero();
        fixture.client.get("/v1/admin/diagnostics/pulls").expectJson("/data/items/0/status", "pending");

        byte[] fits = Arrays.copyOf(tooLarge, 300_000);
        assertThat(chunkedUpload(id, fits)).isEqualTo(201);
        assertThat(fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").bytes()).isEqualTo(fits);
    }

    /** A PUT without Content-Length (chunked), so the limit is only found while reading. */
    private int chunkedUpload(String id, byte[] log) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.client.port()
                            + "/v1/diagnostics/pulls/" + id + "/log"))
                    .timeout(Duration.ofSeconds(30))
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(log))).build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
