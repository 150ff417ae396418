package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.HttpException;
import io.shallot.web.router.Router;
import io.shallot.web.testing.TestClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Response headers built from request data: a CR or LF must never reach the wire, or a client
 * could add headers (a Set-Cookie) or a whole second response of its own (response splitting).
 * Like Node's http module, a bad name or value is an error (a 500 envelope, logged with what was
 * wrong); a redirect percent-encodes its location, as Koa's does.
 */
class ResponseHeaderInjectionIT {
    private static TestClient client;
    private static final List<String> errorsSeen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/set", ctx -> {
                    ctx.set("X-Echo", ctx.query("v"));
                    return Promise.resolve(ctx.loop(), "set");
                })
                .get("/append", ctx -> {
                    ctx.append("X-Echo", "first");
                    ctx.append("X-Echo", ctx.query("v"));
                    return Promise.resolve(ctx.loop(), "appended");
                })
                .get("/name", ctx -> {
                    ctx.set(ctx.query("n"), "value");
                    return Promise.resolve(ctx.loop(), "named");
                })
                .get("/type", ctx -> {
                    ctx.type(ctx.query("v"));
                    return Promise.resolve(ctx.loop(), "typed");
                })
                .get("/cookies", ctx -> {
                    ctx.set("Set-Cookie", "stale=1");
                    ctx.set("Set-Cookie", List.of("a=1; Path=/", "b=" + ctx.query("b") + "; HttpOnly"));
                    ctx.append("Set-Cookie", List.of("c=3"));
                    return Promise.resolve(ctx.loop(), "cookies");
                })
                .get("/refuse", ctx -> {
                    throw new HttpException(409, -1, "taken", Map.of("X-Why", ctx.query("v")), null);
                })
                .get("/go", ctx -> {
                    ctx.redirect(ctx.query("to"));
                    return Promise.resolve(ctx.loop(), null);
                });
        App app = new App().use(router.routes())
                .onError((error, ctx) -> errorsSeen.add(ctx.status() + " " + error.getMessage()));
        client = TestClient.of(app);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void aValueWithCrLfIsA500AndNoHeaderOfTheClientsReachesTheWire() throws IOException {
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /set?v=a%0d%0aSet-Cookie:%20session=evil HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply reply = raw.readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 500").doesNotContainIgnoringCase("set-cookie")
                    .doesNotContain("X-Echo");
            assertThat(reply.text()).contains("server error");
            raw.send("GET /set?v=fine HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply next = raw.readReply();
            assertThat(next.header("X-Echo")).isEqualTo("fine");
            assertThat(next.text()).isEqualTo("set");
        }
        assertThat(errorsSeen).anySatisfy(seen -> assertThat(seen)
                .startsWith("500 ").contains("X-Echo").contains("U+000D"));
    }

    @Test
    void aLoneLfNulOrDelIsRefusedToo() {
        for (String bad : List.of("a%0ab", "a%00b", "a%7fb", "a%0db")) {
            client.get("/set?v=" + bad).expectStatus(500).expectJson("/message", "server error");
        }
    }

    @Test
    void tabsAndLatin1TextAreLegalValues() throws IOException {
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /set?v=a%09b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readReply().head()).contains("\r\nX-Echo: a\tb\r\n");
        }
        client.get("/set?v=caf%C3%A9").expectStatus(200).expectHeader("X-Echo", "caf\u00e9");
    }

    @Test
    void characterBeyondLatin1IsRefusedRatherThanMangled() {
        client.get("/set?v=%E2%82%AC").expectStatus(500);
    }

    @Test
    void appendChecksEachValue() throws IOException {
        client.get("/append?v=second").expectStatus(200);
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /append?v=x%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply reply = raw.readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 500").doesNotContainIgnoringCase("set-cookie");
        }
    }

    @Test
    void aNameMustBeAToken() {
        client.get("/name?n=X-Fine").expectStatus(200).expectHeader("X-Fine", "value");
        for (String bad : List.of("X%0d%0aSet-Cookie", "X%20Space", "X:Colon", "", "X-Caf%C3%A9")) {
            client.get("/name?n=" + bad).expectStatus(500);
        }
        assertThat(errorsSeen).anySatisfy(seen -> assertThat(seen).contains("not an HTTP token"));
    }

    @Test
    void theContentTypeIsCheckedLikeAnyValue() throws IOException {
        client.get("/type?v=text/html").expectStatus(200).expectHeader("Content-Type", "text/html");
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /type?v=text/html%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readReply().head()).startsWith("HTTP/1.1 500").doesNotContainIgnoringCase("set-cookie");
        }
    }

    @Test
    void aListSendsOneHeaderLinePerElementAndABadElementSendsNone() throws IOException {
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /cookies?b=2 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply reply = raw.readReply();
            assertThat(reply.head()).contains("\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; HttpOnly\r\nSet-Cookie: c=3")
                    .doesNotContain("stale");
            raw.send("GET /cookies?b=x%0d%0aLocation:%20/evil HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply refused = raw.readReply();
            assertThat(refused.head()).startsWith("HTTP/1.1 500").doesNotContain("a=1").doesNotContain("/evil");
        }
    }

    @Test
    void anHttpExceptionsHeadersAreCheckedToo() throws IOException {
        client.get("/refuse?v=fine").expectStatus(409).expectHeader("X-Why", "fine").expectJson("/message", "taken");
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /refuse?v=x%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply reply = raw.readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 500").doesNotContainIgnoringCase("set-cookie");
            assertThat(reply.text()).contains("server error");
            raw.send("GET /refuse?v=again HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readReply().header("X-Why")).isEqualTo("again");
        }
        assertThat(errorsSeen).anySatisfy(seen -> assertThat(seen).startsWith("500 ").contains("X-Why"));
    }

    @Test
    void aRedirectPercentEncodesItsLocationInsteadOfFailing() throws IOException {
        try (RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /go?to=/next%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply reply = raw.readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 302");
            assertThat(reply.header("Set-Cookie")).isNull();
            assertThat(reply.header("Location")).isEqualTo("/next%0D%0ASet-Cookie:%20a=b");
        }
    }

    @Test
    void aRedirectKeepsWhatIsAlreadyEncodedAndEncodesTheRest() {
        client.get("/go?to=" + "https%3A%2F%2Fexample.com%2Fa%2520b%3Fq%3D1%26r%3D%25zz%23top")
                .expectStatus(302).expectHeader("Location", "https://example.com/a%20b?q=1&r=%25zz#top");
        client.get("/go?to=%2Fcaf%C3%A9%20bar%3Cscript%3E")
                .expectStatus(302).expectHeader("Location", "/caf%C3%A9%20bar%3Cscript%3E");
    }
}
