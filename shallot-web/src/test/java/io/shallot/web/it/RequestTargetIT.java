package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112's rules for the version, the request target and Host, over a socket: what is refused
 * never reaches the app and closes the connection; what is served reaches it in origin-form.
 */
class RequestTargetIT {
    private final List<String> seen = new CopyOnWriteArrayList<>();

    /** Answers with what the app saw: method, path, url, query and Host. */
    private App echo() {
        return new App().use((ctx, next) -> {
            String line = ctx.method() + " " + ctx.path() + " " + ctx.url() + " x=" + ctx.query("x")
                    + " host=" + ctx.header("host");
            seen.add(line);
            ctx.body(line);
            return Promise.resolve(ctx.loop(), null);
        });
    }

    private static String exchange(int port, String request) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            return http.send(request).readUntilClose();
        }
    }

    private static RawHttp.Reply reply(int port, String request) throws Exception {
        try (RawHttp http = new RawHttp(port)) {
            return http.send(request).readReply();
        }
    }

    @Test
    void anHttp11RequestWithoutHostOrWithTwoIsRefusedAndClosed() throws Exception {
        try (TestClient client = TestClient.of(echo())) {
            assertThat(exchange(client.port(), "GET /a HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ")
                    .contains("{\"ret\":-1,\"message\":\"an HTTP/1.1 request needs a Host header\",\"data\":{}}")
                    .endsWith("<closed>");
            assertThat(exchange(client.port(), "GET /a HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ")
                    .contains("more than one Host header")
                    .endsWith("<closed>");
            assertThat(seen).isEmpty();
            assertThat(reply(client.port(), "GET /a HTTP/1.0\r\n\r\n").text()).isEqualTo("GET /a /a x=null host=null");
        }
    }

    @Test
    void aHostThatIsNotHostAndPortIsRefused() throws Exception {
        try (TestClient client = TestClient.of(echo())) {
            for (String host : List.of("a b", "user@evil.test", "evil.test/x", "[::1", "a.test:80x", "a%zz", "a.test:80:81",
                    "a^b.test", "a`b.test", "a{b}.test", "a|b.test", "a\\b.test", "a\"b.test", "a<b>.test")) {
                assertThat(exchange(client.port(), "GET /a HTTP/1.1\r\nHost: " + host + "\r\n\r\n"))
                        .as(host).startsWith("HTTP/1.1 400 ").contains("invalid Host header").endsWith("<closed>");
            }
            assertThat(seen).isEmpty();
            for (String host : List.of("a.test", "a.test:8080", "127.0.0.1:80", "[::1]:8080", "[fe80::1%25eth0]",
                    "xn--caf-dma.test", "a%41.test", "",
                    "Sub_Domain~1.test", "a!$&'()*+,;=b.test")) {
                RawHttp.Reply ok = reply(client.port(), "GET /a HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(ok.head()).as(host).startsWith("HTTP/1.1 200 ");
                assertThat(ok.text()).isEqualTo("GET /a /a x=null host=" + host);
            }
        }
    }

    @Test
    void anAbsoluteFormTargetIsServedAsItsPathWithItsAuthorityAsHost() throws Exception {
        try (TestClient client = TestClient.of(echo())) {
            RawHttp.Reply absolute = reply(client.port(),
                    "GET http://Api.Example.test:8080/v1/items?x=1 HTTP/1.1\r\nHost: other.test\r\n\r\n");
            assertThat(absolute.head()).startsWith("HTTP/1.1 200 ");
            assertThat(absolute.text()).isEqualTo("GET /v1/items /v1/items?x=1 x=1 host=Api.Example.test:8080");
            assertThat(reply(client.port(), "GET HTTPS://a.test?x=2 HTTP/1.1\r\n\r\n").text())
                    .isEqualTo("GET / /?x=2 x=2 host=a.test");
            assertThat(exchange(client.port(), "GET http://user@a.test/v1 HTTP/1.1\r\nHost: a.test\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ").contains("invalid host in the absolute request target").endsWith("<closed>");
            assertThat(exchange(client.port(), "GET ftp://a.test/v1 HTTP/1.1\r\nHost: a.test\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ").contains("the request target must be a path").endsWith("<closed>");
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void anotherMajorVersionIs505AndALaterMinorOneIsServedAsHttp11() throws Exception {
        try (TestClient client = TestClient.of(echo())) {
            for (String version : List.of("HTTP/2.0", "HTTP/3.0")) {
                assertThat(exchange(client.port(), "GET /a " + version + "\r\nHost: a.test\r\n\r\n"))
                        .as(version)
                        .startsWith("HTTP/1.1 505 ")
                        .contains("HTTP version " + version + " is not supported; use HTTP/1.1")
                        .endsWith("<closed>");
            }
            assertThat(seen).isEmpty();
            try (RawHttp http = new RawHttp(client.port())) {
                http.send("GET /a HTTP/1.2\r\nHost: a.test\r\n\r\nGET /b HTTP/1.1\r\nHost: a.test\r\n\r\n");
                assertThat(http.readReply().head()).startsWith("HTTP/1.1 200 ");
                assertThat(http.readReply().text()).isEqualTo("GET /b /b x=null host=a.test");
            }
        }
    }

    @Test
    void anAsteriskIsOnlyForOptionsAndNoRouteMatchesIt() throws Exception {
        Router router = Router.create().get("/*", ctx -> Promise.resolve(ctx.loop(), "any"));
        try (TestClient client = TestClient.of(new App().use(router.routes()))) {
            RawHttp.Reply options = reply(client.port(), "OPTIONS * HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(options.head()).startsWith("HTTP/1.1 404 ");
            assertThat(exchange(client.port(), "GET * HTTP/1.1\r\nHost: a.test\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ").contains("or '*' for OPTIONS").endsWith("<closed>");
        }
        try (TestClient client = TestClient.of(echo())) {
            assertThat(reply(client.port(), "OPTIONS * HTTP/1.1\r\nHost: a.test\r\n\r\n").text())
                    .isEqualTo("OPTIONS * * x=null host=a.test");
        }
    }
}
