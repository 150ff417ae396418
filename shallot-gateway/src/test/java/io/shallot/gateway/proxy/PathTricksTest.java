package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.ApiRoute;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every path trick against a route table with a granted API ({@code /public}) and an ungranted
 * one ({@code /admin}) on the same upstream: a trick either reaches {@code /admin} as itself and
 * is refused (403), is refused as malformed (400) or no route (404), or is a harmless public call
 * forwarded in canonical form. The upstream never sees an admin path.
 */
class PathTricksTest {
    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start("backend");
        gateway = TestGateway.start(
                List.of(ApiRoute.of("public", "/public", "backend"), ApiRoute.of("admin", "/admin", "backend")),
                List.of(UpstreamSettings.of("backend", upstream.url())),
                "public");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "/admin/users                     | 403 | 40302",
            "/public/../admin/users           | 403 | 40302",
            "/public/%2e%2e/admin/users       | 403 | 40302",
            "/public/.%2E/admin               | 403 | 40302",
            "//admin/users                    | 403 | 40302",
            "/public/..//admin                | 403 | 40302",
            "/ADMIN/users                     | 403 | 40302",
            "/Admin                           | 403 | 40302",
            "/%41dmin                         | 403 | 40302",
            "/adm%C4%B1n                      | 403 | 40302",
            "/%2e%2e/admin                    | 400 | 40001",
            "/public/../../admin              | 400 | 40001",
            "/public%2F..%2Fadmin             | 400 | 40001",
            "/public/..%2fadmin               | 400 | 40001",
            "/public%5C..%5Cadmin             | 400 | 40001",
            "/public\\..\\admin               | 400 | 40001",
            "/admin%00                        | 400 | 40001",
            "/public%00/../admin              | 400 | 40001",
            "/public/%C0%AE%C0%AE/admin       | 400 | 40001",
            "/public/%E0%80%AE%E0%80%AE/admin | 400 | 40001",
            "/public/%FF/admin                | 400 | 40001",
            "/public/..;/admin                | 400 | 40001",
            "/public/..%3B/admin              | 400 | 40001",
            "http://127.0.0.1/admin           | 403 | 40302",
            "http://127.0.0.1/public/../admin | 403 | 40302",
            "HTTP://x/public/%2e%2e/../admin  | 400 | 40001",
            "/adminx                          | 404 | 40401",
            "/public-admin                    | 404 | 40401",
    })
    void aTrickNeverReachesTheUngrantedApi(String target, int status, int ret) {
        int before = upstream.count();
        RawHttp.Response response = gateway.raw(target);
        assertThat(response.status()).as(target + " -> " + response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"ret\":" + ret);
        assertThat(upstream.count()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/public/x                        | /public/x",
            "//public//x                      | /public/x",
            "/admin/../public/x               | /public/x",
            "/Public/X                        | /Public/X",
            "/public/%252e%252e/admin         | /public/%252e%252e/admin",
            "/public/a%2Eb/./c                | /public/a.b/c",
            "/public/caf%c3%a9?q=1            | /public/caf%C3%A9?q=1",
            "/public/x;jsessionid=1           | /public/x%3Bjsessionid=1",
    })
    void aGrantedPathIsForwardedInItsNormalForm(String target, String forwarded) {
        RawHttp.Response response = gateway.raw(target);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(upstream.last().target()).isEqualTo(forwarded);
    }
}
