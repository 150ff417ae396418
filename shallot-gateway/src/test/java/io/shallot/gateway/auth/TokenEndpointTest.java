package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shallot.web.testing.TestResponse;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {
    private static AuthHarness gateway;
    private static String appid;
    private static String secret;

    @BeforeAll
    static void start() {
        gateway = new AuthHarness();
        String[] app = gateway.appGranted("contents.read");
        appid = app[0];
        secret = app[1];
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static TestResponse post(String contentType, String body) {
        return gateway.client.request("POST", "/oauth/token").header("Content-Type", contentType).body(body).send();
    }

    private static void expectToken(TestResponse response) {
        response.expectStatus(200)
                .expectJson("/ret", 0)
                .expectJson("/message", "success")
                .expectJson("/data/token_type", "Bearer")
                .expectJson("/data/expires_in", 7200)
                .expectHeader("Cache-Control", "no-store");
        String token = response.json().at("/data/access_token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        gateway.call("/v1/contents", token).expectStatus(200).expectJson("/data/appid", appid);
    }

    @Test
    void issuesATokenForFormCredentials() {
        expectToken(gateway.requestToken(appid, secret));
    }

    @Test
    void issuesATokenForJsonCredentials() {
        expectToken(post("application/json; charset=utf-8", "{\"grant_type\":\"client_credentials\",\"client_id\":\""
                + appid + "\",\"client_secret\":\"" + secret + "\",\"scope\":\"ignored\"}"));
    }

    @Test
    void issuesATokenForBasicCredentials() {
        String basic = Base64.getEncoder().encodeToString((appid + ":" + secret).getBytes(StandardCharsets.UTF_8));
        expectToken(gateway.client.request("POST", "/oauth/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials")
                .send());
    }

    @Test
    void eachTokenIsNew() {
        assertThat(gateway.token(appid, secret)).isNotEqualTo(gateway.token(appid, secret));
    }

    @Test
    void refusesAWrongSecretAndAnUnknownAppAlike() {
        TestResponse wrong = gateway.requestToken(appid, secret.substring(1) + "x");
        TestResponse unknown = gateway.requestToken("app_doesnotexist", secret);

        for (TestResponse response : new TestResponse[] {wrong, unknown}) {
            response.expectStatus(401)
                    .expectJson("/ret", 40104)
                    .expectJson("/message", "invalid client credentials")
                    .expectHeader("WWW-Authenticate", "Basic realm=\"shallot\", charset=\"UTF-8\"");
        }
    }

    @Test
    void refusesABodyOverItsLimitBeforeReadingIt() {
        String padding = "&pad=" + "x".repeat(TokenEndpoint.MAX_BODY_BYTES);
        post("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=" + appid
                + "&client_secret=" + secret + padding)
                .expectStatus(413)
                .expectJson("/ret", 41301)
                .expectJson("/message", "a token request body is at most " + TokenEndpoint.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void refusesAChunkedBodyOnceItGrowsPastItsLimit() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.client.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("1000\r\n" + "x".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                out.write(chunk);
            }
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void refusesWrongBasicCredentials() {
        String basic = Base64.getEncoder().encodeToString((appid + ":nope").getBytes(StandardCharsets.UTF_8));
        gateway.client.request("POST", "/oauth/token").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").body("grant_type=client_credentials").send()
                .expectStatus(401).expectJson("/ret", 40104);
        gateway.client.request("POST", "/oauth/token").header("Authorization", "Basic !!!")
                .header("Content-Type", "application/x-www-form-urlencoded").body("grant_type=client_credentials").send()
                .expectStatus(401).expectJson("/message", "malformed Basic credentials");
    }

    @Test
    void explainsMalformedRequests() {
        String credentials = "&client_id=" + appid + "&client_secret=" + secret;
        expectBadRequest(post("application/x-www-form-urlencoded", credentials.substring(1)),
                "grant_type is required (client_credentials)");
        expectBadRequest(post("application/x-www-form-urlencoded", "grant_type=password" + credentials),
                "unsupported grant_type; only client_credentials is supported");
        expectBadRequest(post("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=" + appid),
                "client_id and client_secret are required (in the body or with HTTP Basic)");
        expectBadRequest(post("application/x-www-form-urlencoded", "grant_type=client_credentials" + credentials
                + "&client_id=" + appid), "client_id must be given once");
        expectBadRequest(post("text/plain", "grant_type=client_credentials" + credentials),
                "send the token request as application/x-www-form-urlencoded or application/json");
        expectBadRequest(post("application/json", "{\"grant_type\":"), "the body is not valid JSON");
        expectBadRequest(post("application/json", "[1]"), "the JSON body must be an object");
    }

    @Test
    void refusesCredentialsGivenTwice() {
        String basic = Base64.getEncoder().encodeToString((appid + ":" + secret).getBytes(StandardCharsets.UTF_8));
        TestResponse response = gateway.client.request("POST", "/oauth/token").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("grant_type=client_credentials&client_secret=" + AuthHarness.encode(secret)).send();

        expectBadRequest(response, "send the client credentials once: in the Authorization header or in the body");
    }

    @Test
    void treatsOperatorLookingInputAsPlainText() {
        expectBadRequest(post("application/json", "{\"grant_type\":\"client_credentials\",\"client_id\":{\"$ne\":\"\"},"
                + "\"client_secret\":{\"$ne\":\"\"}}"), "client_id must be a string");
        expectBadRequest(post("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id[$ne]=x"
                + "&client_secret[$ne]=x"), "client_id and client_secret are required (in the body or with HTTP Basic)");
        post("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=%24ne&client_secret=x")
                .expectStatus(401).expectJson("/ret", 40104);
    }

    @Test
    void acceptsOnlyPost() {
        gateway.client.get("/oauth/token").expectStatus(405).expectHeader("Allow", "POST");
    }

    @Test
    void refusesADisabledAppEvenWithGoodCredentials() {
        String[] app = gateway.appGranted("contents.read");
        gateway.admin("POST", "/admin/apps/" + app[0] + "/disable").send().expectStatus(200);

        gateway.requestToken(app[0], app[1]).expectStatus(403).expectJson("/ret", 40301);
        gateway.requestToken(app[0], "wrong").expectStatus(401).expectJson("/ret", 40104);
    }

    private static void expectBadRequest(TestResponse response, String message) {
        response.expectStatus(400).expectJson("/ret", 40002).expectJson("/message", message);
        JsonNode data = response.json().get("data");
        assertThat(data.isEmpty()).isTrue();
    }
}
