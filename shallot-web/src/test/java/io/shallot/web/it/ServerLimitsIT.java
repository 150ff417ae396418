package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad and hostile input over raw sockets: the server answers or closes cleanly and stays up. */
class ServerLimitsIT {
    private static HttpServer server;

    @BeforeAll
    static void start() {
        Router router = Router.create()
                .get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok"))
                .post("/size", ctx -> Promise.resolve(ctx.loop(), "got " + ctx.body().length()))
                .get("/slow/:ms", ctx -> {
                    Deferred<String> d = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> d.resolve("slow " + ctx.param("ms")), Integer.parseInt(ctx.param("ms")));
                    return d.promise();
                })
                .get("/never", ctx -> Promise.defer(ctx.loop()).promise());
        server = new App().use(router.routes()).listen(ServerOptions.defaults().withHost("127.0.0.1").withLoops(1)
                .withMaxBodyBytes(1024).withMaxHeaderBytes(1024).withMaxRequestLineBytes(256)
                .withIdleTimeoutMs(800).withRequestTimeoutMs(500));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp connect() throws IOException {
        return new RawHttp(server.port());
    }

    private void serverStillAnswers() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(1)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        }
    }

    @Test
    void headersTooLargeAre431ThenClose() throws IOException {
        try (RawHttp http = connect()) {
            String flood = "X-Flood: " + "a".repeat(2000) + "\r\n";
            String reply = http.send("GET /ok HTTP/1.1\r\nHost: x\r\n" + flood + "\r\n").readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 431 ").contains("\"ret\":-1").endsWith("<closed>");
        }
        serverStillAnswers();
    }

    @Test
    void aRequestLineTooLongIs414ThenClose() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n").readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 414 ").endsWith("<closed>");
        }
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsSent() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n").readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 413 ").contains("exceeds the limit of 1024").endsWith("<closed>");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheRestIsNotParsedAsARequest() throws IOException {
        try (RawHttp http = connect()) {
            String chunk = Integer.toHexString(800) + "\r\n" + "G".repeat(800) + "\r\n";
            String smuggled = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
            String reply = http.send("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
                    + "0\r\n\r\n" + smuggled).readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 413 ").doesNotContain("200 OK").endsWith("<closed>");
        }
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789").readResponses(1);
            assertThat(reply).startsWith("HTTP/1.1 200 OK").endsWith("got 10");
        }
    }

    @Test
    void expectContinueGets100ThenTheAnswer() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.readResponses(1)).startsWith("HTTP/1.1 100 Continue");
            assertThat(http.send("abcd").readResponses(1)).startsWith("HTTP/1.1 200 OK").endsWith("got 4");
        }
        try (RawHttp http = connect()) {
            String reply = http.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\nExpect: 100-continue\r\n\r\n")
                    .readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
        }
    }

    @Test
    void malformedRequestsAre400ThenClose() throws IOException {
        for (String bad : new String[] {
                "NOT A REQUEST\r\n\r\n",
                "GET /ok HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET /ok HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                "GET /ok HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                "GET /ok HTTP/1.1\r\n: no-name\r\n\r\n"}) {
            try (RawHttp http = connect()) {
                String reply = http.send(bad).readUntilClose();
                assertThat(reply).as(bad).matches("(?s)HTTP/1.1 4\\d\\d .*<closed>");
            }
        }
        serverStillAnswers();
    }

    @Test
    void invalidUtf8InThePathIs400() throws IOException {
        try (RawHttp http = connect()) {
            byte[] request = "GET /slow/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(http.send(request).readResponses(1)).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("GET /slow/100 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(3);
            int first = reply.indexOf("slow 100");
            int second = reply.indexOf("slow 1", first + 8);
            int third = reply.indexOf("ok", second);
            assertThat(first).isPositive();
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(1)).startsWith("HTTP/1.1 200");
            assertThat(http.isClosedByPeer(30_000)).isTrue();
        }
    }

    @Test
    void aSlowlorisClientIsCutOff() throws IOException, InterruptedException {
        try (RawHttp http = connect()) {
            long start = System.nanoTime();
            String head = "GET /ok HTTP/1.1\r\nHost: x\r\nX-Slow: ";
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    http.send(String.valueOf(head.charAt(Math.min(i, head.length() - 1))));
                } catch (IOException e) {
                    closed = true;
                }
                Thread.sleep(100);
                closed = closed || http.isClosedByPeer(1);
            }
            assertThat(closed).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
        }
        serverStillAnswers();
    }

    @Test
    void aRequestThatNeverSettlesIsAnswered503AndLogged() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n").readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 503 ").contains("\"ret\":-1").endsWith("<closed>");
        }
    }

    @Test
    void aClientThatLeavesMidRequestDoesNotHurtTheServer() throws IOException, InterruptedException {
        try (RawHttp http = connect()) {
            http.send("GET /slow/200 HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        Thread.sleep(300);
        serverStillAnswers();
    }

    @Test
    void http10ClosesUnlessKeepAliveIsAsked() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /ok HTTP/1.0\r\n\r\n").readUntilClose()).startsWith("HTTP/1.0 200").endsWith("<closed>");
        }
        try (RawHttp http = connect()) {
            String reply = http.send("GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    .readResponses(2);
            assertThat(reply).containsIgnoringCase("Connection: keep-alive").containsPattern("(?s)200 OK.*200 OK");
        }
    }
}
