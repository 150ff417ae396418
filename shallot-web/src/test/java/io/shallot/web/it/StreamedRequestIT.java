package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Handler;
import io.shallot.web.client.BodyStream;
import io.shallot.web.client.ClientRequest;
import io.shallot.web.client.HttpClient;
import io.shallot.web.client.NoLeaks;
import io.shallot.web.middleware.LogCapture;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ServerOptions.withStreamRequestBodies(true)} over real sockets, and the same API without it. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamedRequestIT {
    private static final int LIMIT = 256 * 1024 * 1024;
    private static final List<String> events = new CopyOnWriteArrayList<>();
    private static final List<String> finished = new CopyOnWriteArrayList<>();
    private static final AtomicReference<Throwable> readFailure = new AtomicReference<>();
    private static final AtomicLong pausedRead = new AtomicLong();
    private static final AtomicBoolean paused = new AtomicBoolean();
    private static final AtomicReference<Runnable> resume = new AtomicReference<>();
    private static HttpServer server;
    private static HttpClient upstream;

    @BeforeAll
    static void start() {
        upstream = HttpClient.create();
        server = new App().use((ctx, next) -> {
            ctx.onFinish(done -> finished.add(done.path()));
            return next.run();
        }).use(routes().routes())
                .listen(ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withMaxBodyBytes(LIMIT)
                        .withStreamRequestBodies(true));
    }

    @AfterAll
    static void stop() {
        upstream.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        events.clear();
        finished.clear();
        readFailure.set(null);
    }

    private static Router routes() {
        return Router.create()
                .get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok"))
                .post("/echo", ctx -> Promise.resolve(ctx.loop(), ctx.bodyStream()))
                .post("/proxy", ctx -> upstream.stream(ClientRequest.post("http://127.0.0.1:" + server.port() + "/echo")
                        .header("content-length", ctx.header("content-length")).body(ctx.bodyStream())).then(response -> {
                            ctx.status(response.status());
                            return response.body();
                        }))
                .post("/json", ctx -> ctx.readBody().then(body -> ctx.body().json()))
                .post("/size", ctx -> ctx.readBody().then(body -> "got " + body.length()))
                .post("/blocking", Handler.blocking(ctx -> "got " + ctx.readBody().await().text()))
                .post("/too-early", ctx -> {
                    try {
                        ctx.body();
                        return Promise.resolve(ctx.loop(), "no error");
                    } catch (IllegalStateException e) {
                        return Promise.resolve(ctx.loop(), e.getMessage());
                    }
                })
                .post("/early", ctx -> {
                    events.add("early");
                    return Promise.resolve(ctx.loop(), "early");
                })
                .post("/early-stream", ctx -> Promise.resolve(ctx.loop(), BodyStream.of("early".getBytes(StandardCharsets.UTF_8))))
                .post("/later", ctx -> {
                    events.add("chain");
                    Deferred<String> answer = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> {
                        events.add("reading");
                        ctx.readBody().then(body -> {
                            answer.resolve("got " + body.length());
                            return null;
                        });
                    }, 300);
                    return answer.promise();
                })
                .post("/paused", ctx -> {
                    BodyStream body = ctx.bodyStream();
                    pausedRead.set(0);
                    paused.set(false);
                    resume.set(() -> ctx.loop().execute(body::resume));
                    return body.read(chunk -> {
                        if (pausedRead.get() == 0) {
                            body.pause();
                            paused.set(true);
                        }
                        pausedRead.addAndGet(chunk.length);
                    }).then(ended -> "got " + pausedRead.get());
                })
                .post("/abort", ctx -> ctx.bodyStream().read(chunk -> { }).then(ended -> "complete", error -> {
                    readFailure.set(error);
                    return "failed";
                }));
    }

    private static RawHttp connect() throws IOException {
        return new RawHttp(server.port());
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aStreamedRequestBodyIsEchoedThroughAStreamedResponse() {
        byte[] sent = random(2 * 1024 * 1024);
        try (TestClient client = TestClient.of(new App().use(routes().routes()),
                ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withMaxBodyBytes(LIMIT).withStreamRequestBodies(true))) {
            var response = client.request("POST", "/echo").body(sent).send().expectStatus(200);
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.bytes()).isEqualTo(sent);
        }
    }

    @Test
    void aTinyProxyStreamsTheBodyUpstreamAndTheAnswerBack() throws IOException {
        byte[] sent = random(4 * 1024 * 1024);
        try (RawHttp http = connect()) {
            http.send("POST /proxy HTTP/1.1\r\nHost: x\r\nContent-Length: " + sent.length + "\r\n\r\n");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    http.send(sent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RawHttp.Reply reply = http.readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 200");
            assertThat(reply.body()).isEqualTo(sent);
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
            writer.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readBodyBuffersTheBodyAfterWhichCtxBodyWorks() throws IOException {
        try (RawHttp http = connect()) {
            String json = "{\"name\":\"shallot\"}";
            RawHttp.Reply reply = http.send("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"nam\r\n" + Integer.toHexString(json.length() - 5) + "\r\n"
                    + json.substring(5) + "\r\n0\r\n\r\n").readReply();
            assertThat(reply.text()).isEqualTo(json);
        }
    }

    @Test
    void readBodyCanBeAwaitedInABlockingHandler() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("POST /blocking HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").readReply().text())
                    .isEqualTo("got hello");
        }
    }

    @Test
    void ctxBodyBeforeReadBodyFailsWithAMessageThatSaysWhatToUse() throws IOException {
        try (RawHttp http = connect()) {
            String text = http.send("POST /too-early HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi").readReply().text();
            assertThat(text).contains("ctx.readBody()").contains("ctx.bodyStream()");
        }
    }

    @Test
    void pipelinedStreamedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n"
                    + "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readReply().text()).isEqualTo("got 3");
            assertThat(http.readReply().text()).isEqualTo("got 5");
            assertThat(http.readReply().text()).isEqualTo("ok");
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheRestIsNotParsedAsARequest() throws IOException {
        try (TestClient small = TestClient.of(new App().use(routes().routes()), ServerOptions.defaults().withHost("127.0.0.1")
                .withLoops(1).withMaxBodyBytes(1024).withStreamRequestBodies(true));
                RawHttp http = new RawHttp(small.port())) {
            String chunk = Integer.toHexString(800) + "\r\n" + "G".repeat(800) + "\r\n";
            String smuggled = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
            String reply = http.send("POST /size HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk
                    + "0\r\n\r\n" + smuggled).readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 413 ").contains("exceeds the limit of 1024").doesNotContain("200 OK")
                    .endsWith("<closed>");
            try (RawHttp again = new RawHttp(small.port())) {
                String declared = again.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n").readUntilClose();
                assertThat(declared).startsWith("HTTP/1.1 413 ").endsWith("<closed>");
            }
            assertThat(events).isEmpty();
        }
    }

    @Test
    void expectContinueIsAnsweredWhenTheBodyIsFirstReadAndNotBefore() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.readHead()).startsWith("HTTP/1.1 100 Continue");
            assertThat(events).containsExactly("chain", "reading");
            assertThat(http.send("abcd").readReply().text()).isEqualTo("got 4");
        }
    }

    @Test
    void expectContinueWithoutReadingTheBodyGetsNo100AndTheConnectionCloses() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
                    .readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 200 OK").doesNotContain("100 Continue")
                    .containsIgnoringCase("connection: close").endsWith("early<closed>");
        }
    }

    @Test
    void anEarlyAnswerDrainsAShortUnreadBodySoItIsNotParsedAsTheNextRequest() throws IOException {
        String smuggled = "GET /secret HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawHttp http = connect()) {
            http.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled
                    + "POST /early HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n"
                    + "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply first = http.readReply();
            assertThat(first.text()).isEqualTo("early");
            assertThat(first.header("Connection")).isNull();
            assertThat(http.readReply().text()).isEqualTo("early");
            assertThat(http.readReply().text()).isEqualTo("ok");
            assertThat(http.isClosedByPeer(300)).isFalse();
        }
    }

    @Test
    void anEarlyAnswerClosesTheConnectionWhenTheUnreadRestIsTooLongToDrain() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(1000))
                    .readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close").endsWith("early<closed>");
        }
        try (RawHttp http = connect()) {
            String chunk = Integer.toHexString(8192) + "\r\n" + "x".repeat(8192) + "\r\n";
            http.send("POST /early HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk);
            RawHttp.Reply reply = http.readReply();
            assertThat(reply.text()).isEqualTo("early");
            boolean closed = false;
            for (int i = 0; i < 64 && !closed; i++) {
                try {
                    http.send(chunk);
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed || http.isClosedByPeer(30_000)).isTrue();
        }
    }

    @Test
    void aStreamedAnswerThatLeavesALongBodyUnreadClosesTheConnectionAfterIt() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("POST /early-stream HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(1000))
                    .readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("transfer-encoding: chunked")
                    .endsWith("5\r\nearly\r\n0\r\n\r\n<closed>");
        }
    }

    @Test
    void aPausedBodyStreamStopsTheServerReadingTheSocket() throws Exception {
        int total = 128 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (RawHttp http = connect()) {
            http.send("POST /paused HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n");
            OutputStream out = http.output();
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] block = new byte[16 * 1024];
                try {
                    while (written.get() < total) {
                        out.write(block);
                        written.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(paused::get);
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = written.get();
                boolean still = now == last[0];
                last[0] = now;
                return still;
            });
            assertThat(written.get()).isLessThan(total / 4);
            assertThat(pausedRead.get()).isLessThan(1024 * 1024);

            resume.get().run();
            // the reply comes after the rest of the 128 MB has crossed: seconds on a loaded machine
            assertThat(http.readTimeout(120_000).readReply().text()).isEqualTo("got " + total);
            writer.join();
        }
    }

    @Test
    void aClientThatLeavesMidBodyFailsTheBodyStream() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "x".repeat(10));
        }
        await().untilAsserted(() -> assertThat(readFailure.get())
                .hasMessageContaining("closed the connection before the request body was complete"));
        try (LogCapture log = new LogCapture("io.shallot.web.errors")) {
            try (RawHttp http = connect()) {
                http.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                assertThat(http.readHead()).startsWith("HTTP/1.1 200");
            }
            await().untilAsserted(() -> assertThat(finished).contains("/abort", "/echo"));
            assertThat(log.lines()).isEmpty();
        }
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
    }

    @Test
    void withoutStreamingReadBodyAndBodyStreamServeTheBufferedBody() {
        Router router = Router.create()
                .post("/read", ctx -> ctx.readBody().then(body -> "read " + body.text() + " " + (body == ctx.body())))
                .post("/stream", ctx -> {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    return ctx.bodyStream().read(all::writeBytes).then(ended -> "streamed " + all.toString(StandardCharsets.UTF_8));
                })
                .post("/echo", ctx -> Promise.resolve(ctx.loop(), ctx.bodyStream()));
        try (TestClient client = TestClient.of(new App().use(router.routes()))) {
            client.request("POST", "/read").body("abc").send().expectBody("read abc true");
            client.request("POST", "/stream").body("abc").send().expectBody("streamed abc");
            client.request("POST", "/echo").body("abc").send().expectBody("abc");
        }
    }
}
