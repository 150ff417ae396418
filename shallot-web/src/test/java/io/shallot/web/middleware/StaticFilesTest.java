package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {
    private static final Instant MTIME = Instant.parse("2024-05-01T10:00:00Z");
    @TempDir
    static Path base;
    private static Path root;
    private static TestClient client;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectory(base.resolve("public"));
        Files.writeString(base.resolve("secret.txt"), "TOP SECRET");
        Files.writeString(root.resolve("hello.txt"), "hello world");
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MTIME));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(root.resolve(".env"), "PASSWORD=x");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("evil.example"));
        Files.writeString(root.resolve("evil.example/index.html"), "not a redirect target");
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("leak.txt"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("leakdir"), base);
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        Router router = Router.create()
                .get("/api", ctx -> Promise.resolve(ctx.loop(), "from the router"))
                .post("/hello.txt", ctx -> Promise.resolve(ctx.loop(), "posted"));
        client = TestClient.of(new App().use(StaticFiles.serve(root)).use(router.routes()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static TestResponse get(String path, String header, String value) {
        return client.request("GET", path).header(header, value).send();
    }

    @Test
    void servesAFileWithTypeValidatorsAndLength() {
        TestResponse res = client.get("/hello.txt").expectStatus(200).expectBody("hello world")
                .expectHeader("Content-Type", "text/plain; charset=utf-8").expectHeader("Content-Length", "11")
                .expectHeader("Last-Modified", "Wed, 01 May 2024 10:00:00 GMT").expectHeader("Accept-Ranges", "bytes")
                .expectHeader("Cache-Control", "public, max-age=0");
        assertThat(res.header("ETag")).isEqualTo("W/\"b-" + Long.toHexString(MTIME.toEpochMilli()) + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/docs/../../secret.txt",
        "/a/%2F..%2F..%2Fsecret.txt", "/docs/%2F..%2F..", "/..%5csecret.txt", "/hello.txt%00.png", "/./hello.txt"})
    void refusesPathsThatTryToLeaveTheRoot(String target) throws IOException {
        String response = Raw.get(client.port(), target);
        assertThat(response).startsWith("HTTP/1.1 403 ").contains("path leaves the static root").doesNotContain("TOP SECRET");
    }

    @Test
    void refusesMalformedEncodingWith400() throws IOException {
        assertThat(Raw.get(client.port(), "/%zz")).startsWith("HTTP/1.1 400 ");
        assertThat(Raw.get(client.port(), "/%C3%28")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void treatsSymlinksLeavingTheRootAsMissing() throws IOException {
        assertThat(Raw.get(client.port(), "/leak.txt")).startsWith("HTTP/1.1 404 ").doesNotContain("TOP SECRET");
        assertThat(Raw.get(client.port(), "/leakdir/secret.txt")).startsWith("HTTP/1.1 404 ").doesNotContain("TOP SECRET");
        client.get("/alias.txt").expectStatus(200).expectBody("hello world");
    }

    @Test
    void neverTurnsADoubleSlashIntoAProtocolRelativeRedirect() throws IOException {
        assertThat(Raw.get(client.port(), "//evil.example")).startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: /evil.example/\r\n");
    }

    @Test
    void hidesDotfiles() {
        client.get("/.env").expectStatus(404);
    }

    @Test
    void servesTheIndexOfADirectoryAfterRedirectingToTheSlash() {
        client.get("/").expectStatus(200).expectBody("<h1>home</h1>").expectHeader("Content-Type", "text/html; charset=utf-8");
        client.get("/docs").expectStatus(301).expectHeader("Location", "/docs/");
        client.get("/docs?x=1").expectStatus(301).expectHeader("Location", "/docs/?x=1");
        client.get("/docs/").expectStatus(200).expectBody("<h1>docs</h1>");
        client.get("/empty/").expectStatus(404);
    }

    @Test
    void passesOnWhatItDoesNotServe() {
        client.get("/api").expectStatus(200).expectBody("from the router");
        client.request("POST", "/hello.txt").send().expectStatus(200).expectBody("posted");
        client.get("/missing.txt").expectStatus(404).expectJson("/message", "Not Found");
    }

    @Test
    void answers304ForAMatchingETag() {
        String etag = client.get("/hello.txt").header("ETag");
        TestResponse res = get("/hello.txt", "If-None-Match", etag).expectStatus(304).expectBody("");
        assertThat(res.header("ETag")).isEqualTo(etag);
        get("/hello.txt", "If-None-Match", "\"other\", " + etag.substring(2)).expectStatus(304);
        get("/hello.txt", "If-None-Match", "*").expectStatus(304);
        get("/hello.txt", "If-None-Match", "W/\"other\"").expectStatus(200).expectBody("hello world");
    }

    @Test
    void answers304WhenNotModifiedSince() {
        get("/hello.txt", "If-Modified-Since", "Wed, 01 May 2024 10:00:00 GMT").expectStatus(304);
        get("/hello.txt", "If-Modified-Since", "Thu, 02 May 2024 00:00:00 GMT").expectStatus(304);
        get("/hello.txt", "If-Modified-Since", "Wednesday, 01-May-24 10:00:00 GMT").expectStatus(304);
        get("/hello.txt", "If-Modified-Since", "Tue, 30 Apr 2024 10:00:00 GMT").expectStatus(200);
        get("/hello.txt", "If-Modified-Since", "yesterday").expectStatus(200);
    }

    @Test
    void letsIfNoneMatchWinOverIfModifiedSince() {
        client.request("GET", "/hello.txt").header("If-None-Match", "W/\"stale\"")
                .header("If-Modified-Since", "Thu, 02 May 2024 00:00:00 GMT").send().expectStatus(200);
    }

    @Test
    void servesOneRangeAs206() {
        get("/hello.txt", "Range", "bytes=0-4").expectStatus(206).expectBody("hello")
                .expectHeader("Content-Range", "bytes 0-4/11").expectHeader("Content-Length", "5");
        get("/hello.txt", "Range", "bytes=6-").expectStatus(206).expectBody("world").expectHeader("Content-Range", "bytes 6-10/11");
        get("/hello.txt", "Range", "bytes=6-100").expectStatus(206).expectBody("world");
    }

    @Test
    void servesASuffixRange() {
        get("/hello.txt", "Range", "bytes=-5").expectStatus(206).expectBody("world").expectHeader("Content-Range", "bytes 6-10/11");
        get("/hello.txt", "Range", "bytes=-50").expectStatus(206).expectBody("hello world");
    }

    @Test
    void answers416ForARangePastTheEnd() {
        get("/hello.txt", "Range", "bytes=11-").expectStatus(416).expectHeader("Content-Range", "bytes */11");
        get("/hello.txt", "Range", "bytes=-0").expectStatus(416).expectHeader("Content-Range", "bytes */11");
    }

    @Test
    void servesTheWholeFileForSeveralOrMalformedRanges() {
        get("/hello.txt", "Range", "bytes=0-1,3-4").expectStatus(200).expectBody("hello world");
        get("/hello.txt", "Range", "bytes=5-2").expectStatus(200).expectBody("hello world");
        get("/hello.txt", "Range", "items=0-1").expectStatus(200).expectBody("hello world");
    }

    @Test
    void honoursIfRangeOnlyForTheExactDate() {
        client.request("GET", "/hello.txt").header("Range", "bytes=0-4").header("If-Range", "Wed, 01 May 2024 10:00:00 GMT")
                .send().expectStatus(206).expectBody("hello");
        client.request("GET", "/hello.txt").header("Range", "bytes=0-4").header("If-Range", "Tue, 30 Apr 2024 10:00:00 GMT")
                .send().expectStatus(200).expectBody("hello world");
        String etag = client.get("/hello.txt").header("ETag");
        client.request("GET", "/hello.txt").header("Range", "bytes=0-4").header("If-Range", etag)
                .send().expectStatus(200).expectBody("hello world");
    }

    @Test
    void answersHeadWithTheHeadersOfGetAndNoBody() {
        TestResponse res = client.head("/hello.txt").expectStatus(200).expectBody("")
                .expectHeader("Content-Length", "11").expectHeader("Content-Type", "text/plain; charset=utf-8");
        assertThat(res.header("ETag")).startsWith("W/\"b-");
        client.request("HEAD", "/hello.txt").header("Range", "bytes=0-4").send().expectStatus(200).expectHeader("Content-Length", "11");
    }

    @Test
    void treatsAFileOverTheCapAsMissing() {
        try (TestClient capped = TestClient.of(new App().use(StaticFiles.serve(root, StaticFilesOptions.defaults().withMaxFileBytes(5))))) {
            capped.get("/hello.txt").expectStatus(404);
            capped.get("/index.html").expectStatus(404);
        }
    }

    @Test
    void servesUnderAPrefix() {
        StaticFilesOptions options = StaticFilesOptions.defaults().withPrefix("/assets").withContentType("TXT", "text/x-custom");
        try (TestClient prefixed = TestClient.of(new App().use(StaticFiles.serve(root, options)))) {
            prefixed.get("/assets/hello.txt").expectStatus(200).expectBody("hello world").expectHeader("Content-Type", "text/x-custom");
            prefixed.get("/assets").expectStatus(301).expectHeader("Location", "/assets/");
            prefixed.get("/assets/").expectStatus(200).expectBody("<h1>home</h1>");
            prefixed.get("/hello.txt").expectStatus(404);
            prefixed.get("/assetsx/hello.txt").expectStatus(404);
        }
    }

    @Test
    void refusesARootThatIsNotADirectory() {
        assertThatThrownBy(() -> StaticFiles.serve(base.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> StaticFiles.serve(base.resolve("secret.txt"))).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> StaticFilesOptions.defaults().withPrefix("/assets/")).hasMessageContaining("does not end with '/'");
    }
}
