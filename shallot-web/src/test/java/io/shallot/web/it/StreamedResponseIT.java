package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Deferred;
import io.shallot.loop.Loop;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.Context;
import io.shallot.web.client.BodyStream;
import io.shallot.web.client.NoLeaks;
import io.shallot.web.middleware.LogCapture;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import io.shallot.web.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ctx.body(BodyStream)} over real sockets: framing, backpressure, cancel, failure, pipelining. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamedResponseIT {
    private static final int BIG = 64 * 1024 * 1024;
    private static final byte[] BLOCK = new byte[64 * 1024];
    private static final Map<String, Throwable> cancelled = new ConcurrentHashMap<>();
    private static final List<String> finished = new CopyOnWriteArrayList<>();
    private static final Big big = new Big();
    private static HttpServer server;
    private static Loop other;

    /** What the producer of {@code /big} saw: bytes written, writes refused, drains, and whether it waits now. */
    static final class Big {
        final AtomicLong produced = new AtomicLong();
        final AtomicInteger refusals = new AtomicInteger();
        final AtomicInteger drains = new AtomicInteger();
        final AtomicBoolean waiting = new AtomicBoolean();
    }

    @BeforeAll
    static void start() {
        other = Loop.start();
        Router router = Router.create()
                .get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok"))
                .get("/chunks", ctx -> Promise.resolve(ctx.loop(), timed(ctx, "chunks", 20, "a", "bb", "ccc")))
                .get("/sized", ctx -> {
                    ctx.set("Content-Length", 6);
                    return Promise.resolve(ctx.loop(), timed(ctx, "sized", 5, "abc", "def"));
                })
                .get("/short", ctx -> {
                    ctx.set("Content-Length", 10);
                    return Promise.resolve(ctx.loop(), timed(ctx, "short", 5, "abc"));
                })
                .get("/long", ctx -> {
                    ctx.set("Content-Length", 2);
                    return Promise.resolve(ctx.loop(), timed(ctx, "long", 5, "abc", "def"));
                })
                .get("/big", ctx -> Promise.resolve(ctx.loop(), produceBig(ctx.loop())))
                .get("/forever", ctx -> {
                    BodyStream stream = BodyStream.create();
                    var ticker = ctx.loop().setInterval(() -> stream.write("tick;".getBytes(StandardCharsets.UTF_8)), 10);
                    stream.onCancel(reason -> {
                        ctx.loop().clearInterval(ticker);
                        cancelled.put("forever", reason);
                    });
                    return Promise.resolve(ctx.loop(), stream);
                })
                .get("/fails", ctx -> {
                    BodyStream stream = BodyStream.create();
                    stream.write("partial".getBytes(StandardCharsets.UTF_8));
                    ctx.loop().setTimeout(() -> stream.fail(new IOException("upstream reset")), 50);
                    return Promise.resolve(ctx.loop(), stream);
                })
                .get("/no-content", ctx -> {
                    ctx.status(204);
                    ctx.body(timed(ctx, "no-content", 5, "never sent"));
                    return Promise.resolve(ctx.loop(), null);
                })
                .get("/throws", ctx -> {
                    ctx.body(timed(ctx, "throws", 5, "never sent"));
                    throw new IllegalStateException("failed after choosing a stream");
                })
                .get("/text", ctx -> {
                    ctx.type("text/plain; charset=utf-8");
                    return Promise.resolve(ctx.loop(), timed(ctx, "text", 5, "x".repeat(3000), "y".repeat(3000)));
                })
                .get("/foreign", ctx -> {
                    Deferred<BodyStream> made = Promise.defer(ctx.loop());
                    other.execute(() -> {
                        BodyStream foreign = BodyStream.create();
                        ctx.loop().execute(() -> made.resolve(foreign));
                    });
                    return made.promise();
                });
        App app = new App().use((ctx, next) -> {
            ctx.onFinish(done -> finished.add(done.method() + " " + done.path() + " " + done.status()));
            return next.run();
        }).use(router.routes());
        server = app.listen(ServerOptions.defaults().withHost("127.0.0.1").withLoops(1));
    }

    @AfterAll
    static void stop() {
        server.close();
        other.shutdown().join();
    }

    @BeforeEach
    void reset() {
        cancelled.clear();
        finished.clear();
    }

    /** A stream that writes {@code parts} one every {@code gapMs}, and stops when cancelled. */
    private static BodyStream timed(Context ctx, String name, long gapMs, String... parts) {
        BodyStream stream = BodyStream.create();
        AtomicBoolean stopped = new AtomicBoolean();
        stream.onCancel(reason -> {
            stopped.set(true);
            cancelled.put(name, reason);
        });
        writeFrom(ctx.loop(), stream, stopped, gapMs, parts, 0);
        return stream;
    }

    private static void writeFrom(Loop loop, BodyStream stream, AtomicBoolean stopped, long gapMs, String[] parts, int i) {
        loop.setTimeout(() -> {
            if (stopped.get()) {
                return;
            }
            if (i == parts.length) {
                stream.end();
                return;
            }
            stream.write(parts[i].getBytes(StandardCharsets.UTF_8));
            writeFrom(loop, stream, stopped, gapMs, parts, i + 1);
        }, gapMs);
    }

    /** Writes {@link #BIG} bytes as fast as the stream takes them, waiting for onDrain whenever write() says so. */
    private static BodyStream produceBig(Loop loop) {
        big.produced.set(0);
        big.refusals.set(0);
        big.drains.set(0);
        big.waiting.set(false);
        BodyStream stream = BodyStream.create();
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                big.waiting.set(false);
                while (big.produced.get() < BIG) {
                    big.produced.addAndGet(BLOCK.length);
                    if (!stream.write(BLOCK.clone())) {
                        big.refusals.incrementAndGet();
                        big.waiting.set(true);
                        return;
                    }
                }
                stream.end();
            }
        };
        stream.onDrain(() -> {
            big.drains.incrementAndGet();
            pump.run();
        });
        loop.setImmediate(pump);
        return stream;
    }

    private static RawHttp connect() throws IOException {
        return new RawHttp(server.port());
    }

    @Test
    void aStreamWithoutContentLengthIsSentChunkedAndTheConnectionIsKept() throws IOException {
        try (RawHttp http = connect()) {
            RawHttp.Reply reply = http.send("GET /chunks HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 200 OK");
            assertThat(reply.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(reply.header("Content-Length")).isNull();
            assertThat(reply.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(reply.text()).isEqualTo("abbccc");
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
        await().untilAsserted(() -> assertThat(finished).contains("GET /chunks 200"));
    }

    @Test
    void aStreamWithContentLengthIsSentWithItAndNotChunked() throws IOException {
        try (RawHttp http = connect()) {
            RawHttp.Reply reply = http.send("GET /sized HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            assertThat(reply.header("Content-Length")).isEqualTo("6");
            assertThat(reply.header("Transfer-Encoding")).isNull();
            assertThat(reply.text()).isEqualTo("abcdef");
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
    }

    @Test
    void aStreamShorterThanItsContentLengthClosesTheConnection() throws IOException {
        try (LogCapture log = new LogCapture("io.shallot.web.errors"); RawHttp http = connect()) {
            String reply = http.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n").readUntilClose();
            assertThat(reply).contains("Content-Length: 10").endsWith("\r\n\r\nabc<closed>");
            await().untilAsserted(() -> assertThat(log.lines()).singleElement().asString()
                    .contains("GET /short").contains("ended after 3 of the 10 bytes").contains("[request "));
        }
    }

    @Test
    void aStreamLongerThanItsContentLengthIsCancelledAndTheConnectionClosed() throws IOException {
        try (LogCapture log = new LogCapture("io.shallot.web.errors"); RawHttp http = connect()) {
            String reply = http.send("GET /long HTTP/1.1\r\nHost: x\r\n\r\n").readUntilClose();
            assertThat(reply).contains("Content-Length: 2").endsWith("\r\n\r\n<closed>");
            await().untilAsserted(() -> assertThat(cancelled.get("long")).hasMessageContaining("more than the 2 bytes"));
            assertThat(log.lines()).hasSize(1);
        }
    }

    @Test
    void anHttp10StreamIsDelimitedByClosingTheConnection() throws IOException {
        try (RawHttp http = connect()) {
            String reply = http.send("GET /chunks HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readUntilClose();
            assertThat(reply).startsWith("HTTP/1.0 200 OK").containsIgnoringCase("Connection: close")
                    .doesNotContainIgnoringCase("Transfer-Encoding").endsWith("\r\n\r\nabbccc<closed>");
        }
    }

    @Test
    void aSlowReaderPausesTheProducerInsteadOfFillingTheServersMemory() throws IOException {
        try (RawHttp http = new RawHttp(server.port(), 16 * 1024)) {
            http.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = http.readHead();
            assertThat(head).containsIgnoringCase("Transfer-Encoding: chunked");

            await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1)).until(big.waiting::get);
            long producedWhileNobodyReads = big.produced.get();
            assertThat(big.refusals.get()).isPositive();
            assertThat(producedWhileNobodyReads).isLessThan(BIG / 4);

            long received = 0;
            InputStream in = http.input();
            byte[] buf = new byte[8192];
            String tail = "";
            while (!tail.endsWith("0\r\n\r\n")) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                received += n;
                tail = (tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                tail = tail.substring(Math.max(0, tail.length() - 16));
            }
            assertThat(received).isGreaterThan(BIG);
            assertThat(big.produced.get()).isEqualTo(BIG);
            assertThat(big.drains.get()).isPositive();
        }
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProducer() throws IOException {
        try (RawHttp http = connect()) {
            http.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readHead()).containsIgnoringCase("Transfer-Encoding: chunked");
            assertThat(new String(http.readBytes(16), StandardCharsets.ISO_8859_1)).contains("tick;");
        }
        await().untilAsserted(() -> assertThat(cancelled).containsKey("forever"));
        await().untilAsserted(() -> assertThat(finished).contains("GET /forever 200"));
    }

    @Test
    void aProducerThatFailsAfterTheHeadClosesTheConnectionAndIsLoggedOnce() throws IOException {
        try (LogCapture log = new LogCapture("io.shallot.web.errors"); RawHttp http = connect()) {
            String reply = http.send("GET /fails HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
                    .readUntilClose();
            assertThat(reply).startsWith("HTTP/1.1 200 OK").contains("partial").doesNotContain("0\r\n\r\n")
                    .doesNotContain("\r\n\r\nok").endsWith("<closed>");
            await().untilAsserted(() -> assertThat(log.lines()).singleElement().asString()
                    .contains("GET /fails").contains("failed after its head was sent").contains("[request "));
        }
    }

    @Test
    void pipelinedRequestsWaitUntilTheStreamedResponseHasEnded() throws IOException {
        try (RawHttp http = connect()) {
            http.send("GET /chunks HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /sized HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readReply().text()).isEqualTo("abbccc");
            assertThat(http.readReply().text()).isEqualTo("ok");
            assertThat(http.readReply().text()).isEqualTo("abcdef");
            assertThat(http.readReply().text()).isEqualTo("ok");
        }
    }

    @Test
    void headCancelsTheStreamAndSendsNoBody() throws IOException {
        try (RawHttp http = connect()) {
            RawHttp.Reply reply = http.send("HEAD /chunks HTTP/1.1\r\nHost: x\r\n\r\n").readHeadReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 200 OK").doesNotContain("Transfer-Encoding")
                    .doesNotContain("Content-Length");
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
        assertThat(cancelled).containsKey("chunks");
        try (RawHttp http = connect()) {
            RawHttp.Reply reply = http.send("HEAD /sized HTTP/1.1\r\nHost: x\r\n\r\n").readHeadReply();
            assertThat(reply.header("Content-Length")).isEqualTo("6");
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
    }

    @Test
    void noContentCancelsTheStream() throws IOException {
        try (RawHttp http = connect()) {
            RawHttp.Reply reply = http.send("GET /no-content HTTP/1.1\r\nHost: x\r\n\r\n").readReply();
            assertThat(reply.head()).startsWith("HTTP/1.1 204").doesNotContain("Content-Type");
            assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readReply().text()).isEqualTo("ok");
        }
        assertThat(cancelled).containsKey("no-content");
    }

    @Test
    void anErrorAnsweredInsteadCancelsTheStream() {
        try (TestClient client = TestClient.of(new App().use((ctx, next) -> {
            ctx.body(timed(ctx, "replaced", 5, "never sent"));
            throw ctx.fail(409, "conflict");
        }))) {
            client.get("/").expectStatus(409).expectJson("/message", "conflict");
        }
        assertThat(cancelled).containsKey("replaced");
    }

    @Test
    void aThrowAfterChoosingAStreamIsA500AndCancelsIt() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /throws HTTP/1.1\r\nHost: x\r\n\r\n").readReply().head()).startsWith("HTTP/1.1 500");
        }
        assertThat(cancelled).containsKey("throws");
    }

    @Test
    void aStreamFromAnotherLoopIsRefusedWithA500() throws IOException {
        try (LogCapture log = new LogCapture("io.shallot.web.errors"); RawHttp http = connect()) {
            assertThat(http.send("GET /foreign HTTP/1.1\r\nHost: x\r\n\r\n").readReply().head()).startsWith("HTTP/1.1 500");
            await().untilAsserted(() -> assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("GET /foreign -> 500")));
        }
    }

    @Test
    void aStreamIsGzippedChunkByChunkWhenTheClientAcceptsIt() throws IOException {
        try (TestClient client = TestClient.of(new App().use((ctx, next) -> {
            ctx.type("text/plain; charset=utf-8");
            ctx.set("Content-Length", 6000);
            ctx.body(timed(ctx, "gzip", 5, "x".repeat(3000), "y".repeat(3000)));
            return Promise.resolve(ctx.loop(), null);
        }))) {
            TestResponse response = client.request("GET", "/").header("Accept-Encoding", "gzip").send();
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(response.header("Content-Length")).isNull();
            try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(response.bytes()))) {
                assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("x".repeat(3000) + "y".repeat(3000));
            }
            TestResponse plain = client.get("/");
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(plain.header("Content-Length")).isEqualTo("6000");
            assertThat(plain.text()).isEqualTo("x".repeat(3000) + "y".repeat(3000));
        }
    }
}
