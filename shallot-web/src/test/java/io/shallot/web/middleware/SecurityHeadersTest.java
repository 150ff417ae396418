package io.shallot.web.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecurityHeadersTest {
    private static final Map<String, String> HELMET = new LinkedHashMap<>();
    private static TestClient client;

    static {
        HELMET.put("Content-Security-Policy", "default-src 'self';base-uri 'self';font-src 'self' https: data:;"
                + "form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';"
                + "script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests");
        HELMET.put("Cross-Origin-Opener-Policy", "same-origin");
        HELMET.put("Cross-Origin-Resource-Policy", "same-origin");
        HELMET.put("Origin-Agent-Cluster", "?1");
        HELMET.put("Referrer-Policy", "no-referrer");
        HELMET.put("Strict-Transport-Security", "max-age=15552000; includeSubDomains");
        HELMET.put("X-Content-Type-Options", "nosniff");
        HELMET.put("X-DNS-Prefetch-Control", "off");
        HELMET.put("X-Download-Options", "noopen");
        HELMET.put("X-Frame-Options", "SAMEORIGIN");
        HELMET.put("X-Permitted-Cross-Domain-Policies", "none");
        HELMET.put("X-XSS-Protection", "0");
    }

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok"))
                .get("/embeddable", ctx -> {
                    ctx.set("X-Frame-Options", "DENY");
                    return Promise.resolve(ctx.loop(), "own policy");
                })
                .get("/conflict", ctx -> {
                    throw ctx.fail(409, "taken");
                })
                .get("/boom", ctx -> {
                    throw new IllegalStateException("bug");
                });
        client = TestClient.of(new App().use(SecurityHeaders.create()).use(router.routes()));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static void assertHelmet(TestResponse res) {
        HELMET.forEach((name, value) -> assertThat(res.header(name)).as(name).isEqualTo(value));
    }

    @Test
    void sendsHelmetsDefaultsOnASuccess() {
        assertHelmet(client.get("/ok").expectStatus(200));
        assertThat(SecurityHeaders.create().headers()).isEqualTo(HELMET);
    }

    @Test
    void sendsThemOnTheDefault404() {
        assertHelmet(client.get("/nowhere").expectStatus(404));
    }

    @Test
    void sendsThemOnAnErrorResponse() {
        assertHelmet(client.get("/conflict").expectStatus(409).expectJson("/message", "taken"));
    }

    @Test
    void sendsThemOnA405AlongsideAllow() {
        TestResponse res = client.delete("/ok").expectStatus(405);
        assertHelmet(res);
        assertThat(res.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void sendsThemOnA500() {
        assertHelmet(client.get("/boom").expectStatus(500));
    }

    @Test
    void letsARouteSendItsOwnValue() {
        assertThat(client.get("/embeddable").header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void withReplacesAndWithoutRemoves() {
        SecurityHeaders custom = SecurityHeaders.create()
                .with("content-security-policy", "default-src 'none'")
                .with("Permissions-Policy", "camera=()")
                .without("X-XSS-Protection");
        try (TestClient c = TestClient.of(new App().use(custom).use((ctx, next) -> {
            ctx.body("x");
            return next.run();
        }))) {
            TestResponse res = c.get("/");
            assertThat(res.header("Content-Security-Policy")).isEqualTo("default-src 'none'");
            assertThat(res.header("Permissions-Policy")).isEqualTo("camera=()");
            assertThat(res.header("X-XSS-Protection")).isNull();
            assertThat(res.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        }
        assertThat(custom.headers()).containsKey("Content-Security-Policy").doesNotContainKey("content-security-policy");
    }

    @Test
    void refusesToRemoveAHeaderItDoesNotSend() {
        assertThatThrownBy(() -> SecurityHeaders.create().without("X-Frame-Option"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not send \"X-Frame-Option\"").hasMessageContaining("X-Frame-Options");
    }

    @Test
    void refusesHeaderInjection() {
        assertThatThrownBy(() -> SecurityHeaders.create().with("X-Test", "a\r\nSet-Cookie: x=y"))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> SecurityHeaders.create().with("Bad Name", "v")).hasMessageContaining("not a header name");
    }

    @Test
    void refusesAtConfigurationAValueNoResponseCouldCarry() {
        assertThatThrownBy(() -> SecurityHeaders.create().with("X-Test", "a\u0001b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-Test").hasMessageContaining("U+0001");
        assertThatThrownBy(() -> SecurityHeaders.create().with("X-Test", "price in \u20ac"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+20AC");
        assertThat(SecurityHeaders.create().with("X-Test", "caf\u00e9\tok").headers()).containsEntry("X-Test", "caf\u00e9\tok");
    }
}
