package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shallot.gateway.Refusal;
import io.shallot.gateway.Refusal.GatewayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/                         | /",
            "/admin                    | /admin",
            "//admin                   | /admin",
            "/public//x///y            | /public/x/y",
            "/a/./b                    | /a/b",
            "/a/../admin               | /admin",
            "/a/%2e%2e/admin           | /admin",
            "/a/.%2E/admin             | /admin",
            "/a/%2e/b                  | /a/b",
            "/a/b/..                   | /a/",
            "/a/b/.                    | /a/b/",
            "/a/                       | /a/",
            "/a/..                     | /",
            "/ADMIN/Users              | /ADMIN/Users",
            "/%41dmin                  | /Admin",
            "/public/%252e%252e/admin  | /public/%2e%2e/admin",
            "/caf%C3%A9                | /café",
            "/a%20b                    | /a b",
            "/a+b                      | /a+b",
            "/x;y                      | /x;y",
            "/a%3Fb%23c                | /a?b#c",
    })
    void normalisesOnce(String raw, String expected) {
        assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] '{0}'")
    @ValueSource(strings = {
            "", "admin", "http://evil.test/admin", "*",
            "/..", "/../admin", "/%2e%2e/admin", "/a/../../admin", "/a/%2E%2E/%2e%2e/admin",
            "/public%2F..%2Fadmin", "/public/..%2fadmin", "/public%2fadmin",
            "/public%5C..%5Cadmin", "/public\\..\\admin", "/public/..\\admin",
            "/admin%00", "/public%00/../admin", "/a%0d%0aX-Injected:%201", "/a%09b", "/a%7F", "/a%C2%85",
            "/%C0%AE%C0%AE/admin", "/public/%C0%AE%C0%AE/admin", "/%E0%80%AE", "/%C1%81dmin",
            "/%FF", "/%E2%82", "/%ED%A0%80", "/%F4%90%80%80",
            "/%zz", "/%4", "/a%",
            "/public/..;/admin", "/public/.;x/admin", "/public/..%3B/admin",
    })
    void refusesWithBadPath(String raw) {
        GatewayException refused = catchThrowableOfType(GatewayException.class, () -> PathNormalizer.normalize(raw));
        assertThat(refused).as("refusal of '%s'", raw).isNotNull();
        assertThat(refused.refusal()).isEqualTo(Refusal.BAD_PATH);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.getMessage()).startsWith("malformed request path: ");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "/                        | /",
            "/v1/contents/7           | /v1/contents/7",
            "/caf%c3%a9               | /caf%C3%A9",
            "/a%20b                   | /a%20b",
            "/x;y                     | /x%3By",
            "/%7e%41%2d               | /~A-",
            "/public/%252e%252e       | /public/%252e%252e",
            "/a+b/c:d@e!$&'()*,=      | /a+b/c:d@e!$&'()*,=",
            "/a%3Fb%23c%25            | /a%3Fb%23c%25",
            "/Dir/                    | /Dir/",
            "/%E4%B8%AD               | /%E4%B8%AD",
    })
    void encodesTheNormalFormCanonicallyAndKeepsCase(String raw, String sent) {
        assertThat(PathNormalizer.encode(PathNormalizer.normalize(raw))).isEqualTo(sent);
    }
}
