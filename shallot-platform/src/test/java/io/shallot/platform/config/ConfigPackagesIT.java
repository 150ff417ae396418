package io.shallot.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.platform.config.internal.Resolution;
import io.shallot.web.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** File packages (文件包): uploaded by an operator, named by SHA-256 in the config, downloaded for good. */
class ConfigPackagesIT {
    private final ConfigServer server = new ConfigServer();

    @AfterEach
    void close() {
        server.close();
    }

    private TestResponse upload(String name, String id, byte[] bytes, String contentType) {
        var request = server.client.request("PUT", "/v1/admin/configs/" + name + "/rules/" + id + "/package").body(bytes);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.send();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Resolution.sha256().digest(bytes));
    }

    @Test
    void anUploadedPackageComesWithTheConfigAndDownloadsByItsSha256() {
        String id = server.rule("home", "{\"value\":{\"n\":1}}");
        String before = server.get("/v1/configs/home").json().at("/data/etag").asText();
        byte[] bytes = random(2 * 1024 * 1024 + 12345, 1);
        String sha = sha256(bytes);
        upload("home", id, bytes, "application/zip").expectStatus(200).expectJson("/data/revision", 2)
                .expectJson("/data/package/sha256", sha).expectJson("/data/package/size", bytes.length);

        JsonNode data = server.get("/v1/configs/home").expectStatus(200).json().get("data");
        assertThat(data.get("package").toString()).isEqualTo("{\"sha256\":\"" + sha + "\",\"size\":" + bytes.length
                + ",\"contentType\":\"application/zip\",\"url\":\"/v1/configs/home/packages/" + sha + "\"}");
        assertThat(data.get("etag").asText()).as("a new package is a new answer").isNotEqualTo(before);

        TestResponse download = server.get("/v1/configs/home/packages/" + sha).expectStatus(200)
                .expectHeader("Content-Type", "application/zip").expectHeader("ETag", "\"" + sha + "\"")
                .expectHeader("Cache-Control", "public, max-age=31536000, immutable");
        assertThat(download.bytes()).isEqualTo(bytes);
        server.get("/v1/configs/home/packages/" + sha, "If-None-Match", "\"" + sha + "\"").expectStatus(304);
        server.get("/v1/configs/other/packages/" + sha).expectStatus(404);
        server.get("/v1/configs/home/packages/" + "0".repeat(64)).expectStatus(404).expectJson("/message", "no package " + "0".repeat(64));
        server.get("/v1/configs/home/packages/..%2F..%2Fetc").expectStatus(404);
    }

    @Test
    void theLastMatchingRuleWithAPackageGivesIt() {
        String base = server.rule("home", "{\"value\":{\"n\":1}}");
        String china = server.rule("home", "{\"regions\":[\"CN\"],\"value\":{\"n\":2}}");
        server.rule("home", "{\"devices\":[\"ios\"],\"value\":{\"n\":3}}");
        byte[] everyone = "for everyone".getBytes(StandardCharsets.UTF_8);
        byte[] chinese = "for China".getBytes(StandardCharsets.UTF_8);
        upload("home", base, everyone, null).expectStatus(200).expectJson("/data/package/contentType", "application/octet-stream");
        upload("home", china, chinese, "text/plain; charset=utf-8").expectStatus(200);

        assertThat(server.get("/v1/configs/home").json().at("/data/package/sha256").asText()).isEqualTo(sha256(everyone));
        assertThat(server.get("/v1/configs/home?region=CN").json().at("/data/package/sha256").asText()).isEqualTo(sha256(chinese));
        assertThat(server.get("/v1/configs/home?region=CN&device=ios").json().at("/data/package/sha256").asText())
                .as("a later rule without a package keeps the earlier one's").isEqualTo(sha256(chinese));
        server.get("/v1/configs/home/packages/" + sha256(chinese)).expectStatus(200)
                .expectHeader("Content-Type", "text/plain; charset=utf-8").expectBody("for China");
    }

    @Test
    void aReplacedOrDeletedRulesPackageIsDropped() throws Exception {
        String id = server.rule("home", "{\"value\":{\"n\":1}}");
        String other = server.rule("home", "{\"regions\":[\"CN\"],\"value\":{\"n\":2}}");
        upload("home", id, random(3000, 1), "application/zip").expectStatus(200);
        upload("home", other, random(3000, 1), "application/zip").expectStatus(200);
        assertThat(server.count("config_packages")).as("each rule keeps its own copy").isEqualTo(2);

        byte[] second = random(3000, 2);
        upload("home", id, second, "application/zip").expectStatus(200).expectJson("/data/revision", 3);
        upload("home", id, second, "application/zip").expectStatus(200).expectJson("/data/revision", 4);
        assertThat(server.count("config_packages")).isEqualTo(2);
        assertThat(server.count("config_package_chunks")).isEqualTo(2);

        server.client.delete("/v1/admin/configs/home/rules/" + id).expectStatus(200);
        server.client.delete("/v1/admin/configs/home/rules/" + other).expectStatus(200);
        assertThat(server.count("config_packages")).isZero();
        assertThat(server.count("config_package_chunks")).isZero();
    }

    @Test
    void aBadUploadIsRefusedAndStoresNothing() throws Exception {
        String id = server.rule("home", "{\"value\":{\"n\":1}}");
        upload("home", id, new byte[0], "application/zip").expectStatus(400)
                .expectJson("/message", "the package is empty; send its bytes as the body");
        upload("home", id, new byte[Configs.MAX_PACKAGE_BYTES + 1], "application/zip").expectStatus(413)
                .expectJson("/message", "a package may have at most 8388608 bytes");
        upload("home", id, new byte[10], "zip").expectStatus(400)
                .expectJson("/message", "Content-Type must be a media type such as application/zip");
        upload("home", "0123456789abcdef01234567", new byte[10], "application/zip").expectStatus(404);
        upload("home", "nope", new byte[10], "application/zip").expectStatus(400);
        upload("Home", id, new byte[10], "application/zip").expectStatus(400);
        assertThat(server.count("config_packages")).isZero();
        assertThat(server.count("config_package_chunks")).isZero();

        String other = server.rule("home", "{\"regions\":[\"CN\"],\"value\":{\"n\":2}}");
        upload("home", id, new byte[10], "application/zip").expectStatus(200);
        upload("home", other, new byte[10], "image/png").expectStatus(409)
                .expectJson("/message", "these bytes are stored already as application/zip; upload them as that");
        assertThat(server.count("config_packages")).isEqualTo(1);
        assertThat(server.get("/v1/admin/configs/home/rules").json().at("/data/rules/1/package").isNull()).isTrue();
    }
}
