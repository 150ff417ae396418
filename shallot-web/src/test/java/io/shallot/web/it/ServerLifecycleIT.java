package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Shutdown, compression and many connections, against a real server. */
class ServerLifecycleIT {
    private static final Semaphore SLOW_STARTED = new Semaphore(0);

    private static App app() {
        return new App().use(Router.create()
                .get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok"))
                .get("/big", ctx -> Promise.resolve(ctx.loop(), "shallot ".repeat(1000)))
                .get("/tagged", ctx -> {
                    ctx.set("ETag", "\"v1\"").set("Vary", "Origin");
                    return Promise.resolve(ctx.loop(), "shallot ".repeat(1000));
                })
                .get("/slow", ctx -> {
                    SLOW_STARTED.release();
                    Deferred<String> d = Promise.defer(ctx.loop());
                    ctx.loop().setTimeout(() -> d.resolve("finished"), 300);
                    return d.promise();
                }).routes());
    }

    private static ServerOptions local() {
        return ServerOptions.defaults().withHost("127.0.0.1").withLoops(2);
    }

    @Test
    void shutdownLetsInFlightRequestsFinishThenRefusesNewConnections() throws Exception {
        HttpServer server = app().listen(local());
        SLOW_STARTED.drainPermits();
        int port = server.port();
        try (HttpClient client = HttpClient.newHttpClient()) {
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(SLOW_STARTED.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = server.shutdown();
            HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("finished");
            stopped.get(5, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void shutdownForceClosesWhatOutlivesTheDeadline() throws Exception {
        HttpServer server = new App().use(Router.create()
                .get("/never", ctx -> Promise.defer(ctx.loop()).promise()).routes())
                .listen(local().withShutdownTimeoutMs(200).withRequestTimeoutMs(60_000));
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(100);
            long start = System.nanoTime();
            server.shutdown().get(5, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
            assertThat(http.isClosedByPeer(30_000)).isTrue();
        }
    }

    @Test
    void largeResponsesAreGzippedWhenTheClientAcceptsIt() throws Exception {
        try (HttpServer server = app().listen(local()); HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> zipped = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/big"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(zipped.body().length).isLessThan(1000);
            String text = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).isEqualTo("shallot ".repeat(1000));
            HttpResponse<String> small = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ok"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(small.body()).isEqualTo("ok");
        }
    }

    @Test
    void aCompressedResponseVariesOnAcceptEncodingAndItsStrongETagTurnsWeak() throws Exception {
        try (HttpServer server = app().listen(local()); RawHttp http = new RawHttp(server.port())) {
            http.send("GET /tagged HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            RawHttp.Reply zipped = http.readReply();
            assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(zipped.header("Vary")).isEqualTo("Origin, Accept-Encoding");
            assertThat(zipped.header("ETag")).isEqualTo("W/\"v1\"");

            http.send("GET /tagged HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply plain = http.readReply();
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(plain.header("Vary")).isEqualTo("Origin");
            assertThat(plain.header("ETag")).isEqualTo("\"v1\"");
        }
    }

    @Test
    void aKeepAliveConnectionIsCompressedFromTheFirstRequestThatAsks() throws Exception {
        try (HttpServer server = app().listen(local()); RawHttp http = new RawHttp(server.port())) {
            http.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply plain = http.readReply();
            assertThat(plain.header("Content-Encoding")).isNull();
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("shallot ".repeat(1000));

            http.send("GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            RawHttp.Reply zipped = http.readReply();
            assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("shallot ".repeat(1000));

            http.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readReply().header("Content-Encoding")).isNull();
        }
    }

    @Test
    void aPipelinedRequestThatAsksForCompressionIsAnsweredPlainWhileEarlierOnesAwaitTheirs() throws Exception {
        try (HttpServer server = app().listen(local()); RawHttp http = new RawHttp(server.port())) {
            http.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
                    + "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            assertThat(new String(http.readReply().body(), StandardCharsets.UTF_8)).isEqualTo("finished");
            RawHttp.Reply second = http.readReply();
            assertThat(second.header("Content-Encoding")).isNull();
            assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("shallot ".repeat(1000));
            RawHttp.Reply third = http.readReply();
            assertThat(third.header("Content-Encoding")).isNull();

            http.send("GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
            assertThat(http.readReply().header("Content-Encoding")).isEqualTo("gzip");
        }
    }

    @Test
    void fiveThousandKeepAliveConnectionsHeldOpenDoNotStopTheServer() throws Exception {
        // idle connections may wait long for their turn on a loaded machine: no idle timeout may close them meanwhile
        try (HttpServer server = app().listen(local().withIdleTimeoutMs(600_000))) {
            System.gc();
            long heapBefore = usedHeap();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5000; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sockets.add(s);
                }
                for (Socket s : sockets) {
                    s.setSoTimeout(10_000);
                    byte[] head = s.getInputStream().readNBytes(15);
                    assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK");
                }
                assertThat(server.connections()).isEqualTo(5000);
                try (RawHttp http = new RawHttp(server.port())) {
                    assertThat(http.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").readResponses(1)).endsWith("ok");
                }
                System.gc();
                long perConnection = (usedHeap() - heapBefore) / 5000;
                assertThat(perConnection).as("heap bytes per idle connection").isLessThan(64 * 1024);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
