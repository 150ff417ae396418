package io.shallot.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.ApiRoute;
import io.shallot.gateway.Outcome;
import io.shallot.gateway.user.UserMode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies streamed through the proxy over real sockets. Memory is judged by what one side manages
 * to push while the other reads nothing: the kernel's socket buffers (autotuned up to the machine's
 * {@code tcp_rmem}/{@code tcp_wmem} maximums, on each of the two connections) plus the gateway's
 * queues. A buffering gateway would take the whole body; a streaming one stops reading once those
 * are full. The body is twice that allowance, so the check holds on any machine's settings.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StreamingTest {
    /** Both connections' kernel buffers at their most, plus 8 MiB for the gateway's own queues. */
    private static final long ALLOWANCE = 2 * (tcpMax("tcp_rmem") + tcpMax("tcp_wmem")) + 8 * 1024 * 1024;
    private static final int BIG = (int) Math.min(1L << 30, Math.max(64L * 1024 * 1024, 2 * ALLOWANCE));
    private static final int BLOCK = 64 * 1024;
    private static final UpstreamSettings.Breaker PATIENT_BREAKER = new UpstreamSettings.Breaker(100, 100, 100f, null, 0);

    @Test
    void aLargeUploadGoesUpAtTheUpstreamsPaceAndArrivesWhole() throws Exception {
        CountDownLatch headArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong upstreamRead = new AtomicLong();
        AtomicReference<String> seenHead = new AtomicReference<>();
        try (RawUpstream upstream = RawUpstream.start((head, in, out) -> {
                 seenHead.set(head);
                 headArrived.countDown();
                 release.await();
                 long length = Long.parseLong(RawUpstream.header(head, "Content-Length"));
                 MessageDigest digest = sha256();
                 byte[] buffer = new byte[BLOCK];
                 while (upstreamRead.get() < length) {
                     int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - upstreamRead.get()));
                     if (n < 0) {
                         throw new EOFException("body ended after " + upstreamRead.get() + " bytes");
                     }
                     digest.update(buffer, 0, n);
                     upstreamRead.addAndGet(n);
                 }
                 respond(out, HexFormat.of().formatHex(digest.digest()));
             });
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()));
             Socket client = connect(gateway.port())) {
            OutputStream out = client.getOutputStream();
            out.write(ascii("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + BIG + "\r\n\r\n"));
            AtomicLong written = new AtomicLong();
            MessageDigest sent = sha256();
            Thread writer = Thread.ofVirtual().start(() -> {
                Random random = new Random(7);
                byte[] block = new byte[BLOCK];
                try {
                    while (written.get() < BIG) {
                        random.nextBytes(block);
                        sent.update(block);
                        out.write(block);
                        written.addAndGet(block.length);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(headArrived.await(30, TimeUnit.SECONDS)).isTrue();
            awaitStill(written);
            assertThat(upstreamRead.get()).isZero();
            assertThat(written.get()).as("bytes the client could send while the upstream read none").isLessThan(ALLOWANCE);

            release.countDown();
            Reply reply = readReply(client.getInputStream());
            writer.join();
            assertThat(reply.head()).startsWith("HTTP/1.1 200");
            assertThat(reply.text()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
            assertThat(RawUpstream.header(seenHead.get(), "Content-Length")).isEqualTo(Integer.toString(BIG));
            assertThat(RawUpstream.header(seenHead.get(), "Transfer-Encoding")).isNull();
        }
    }

    @Test
    void aLargeDownloadComesDownAtTheClientsPaceWithItsContentLength() throws Exception {
        AtomicLong produced = new AtomicLong();
        try (RawUpstream upstream = RawUpstream.start((head, in, out) -> {
                 out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-test\r\nContent-Length: " + BIG + "\r\n\r\n"));
                 Random random = new Random(11);
                 byte[] block = new byte[BLOCK];
                 while (produced.get() < BIG) {
                     random.nextBytes(block);
                     out.write(block);
                     produced.addAndGet(block.length);
                 }
             });
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()));
             Socket client = connect(gateway.port())) {
            client.getOutputStream().write(ascii("GET /download HTTP/1.1\r\nHost: x\r\n\r\n"));
            InputStream in = client.getInputStream();
            String head = RawUpstream.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(RawUpstream.header(head, "Content-Length")).isEqualTo(Integer.toString(BIG));
            assertThat(RawUpstream.header(head, "Content-Type")).isEqualTo("application/x-test");
            assertThat(RawUpstream.header(head, "Transfer-Encoding")).isNull();

            awaitStill(produced);
            assertThat(produced.get()).as("bytes the upstream could send while the client read none").isLessThan(ALLOWANCE);

            MessageDigest received = sha256();
            byte[] buffer = new byte[BLOCK];
            long total = 0;
            while (total < BIG) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, BIG - total));
                assertThat(n).as("the body ended after %d bytes", total).isPositive();
                received.update(buffer, 0, n);
                total += n;
            }
            assertThat(received.digest()).isEqualTo(digestOf(new Random(11), BIG));
        }
    }

    @Test
    void aChunkedUploadGoesUpChunkedAndAChunkedAnswerComesBackChunked() throws Exception {
        byte[] body = new byte[1024 * 1024];
        new Random(3).nextBytes(body);
        AtomicReference<String> seenHead = new AtomicReference<>();
        AtomicReference<byte[]> seenBody = new AtomicReference<>();
        try (RawUpstream upstream = RawUpstream.start((head, in, out) -> {
                 seenHead.set(head);
                 ByteArrayOutputStream got = new ByteArrayOutputStream();
                 RawUpstream.readChunked(in, got);
                 seenBody.set(got.toByteArray());
                 out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"));
                 for (String part : List.of("got ", Integer.toString(got.size()), " bytes")) {
                     RawUpstream.writeChunk(out, ascii(part));
                     out.flush();
                 }
                 out.write(ascii("0\r\n\r\n"));
             });
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()));
             Socket client = connect(gateway.port())) {
            OutputStream out = client.getOutputStream();
            out.write(ascii("POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int offset = 0; offset < body.length; offset += 100_000) {
                RawUpstream.writeChunk(out, java.util.Arrays.copyOfRange(body, offset, Math.min(body.length, offset + 100_000)));
            }
            out.write(ascii("0\r\n\r\n"));
            Reply reply = readReply(client.getInputStream());

            assertThat(RawUpstream.header(seenHead.get(), "Transfer-Encoding")).isEqualTo("chunked");
            assertThat(RawUpstream.header(seenHead.get(), "Content-Length")).isNull();
            assertThat(seenBody.get()).isEqualTo(body);
            assertThat(RawUpstream.header(reply.head(), "Transfer-Encoding")).isEqualTo("chunked");
            assertThat(RawUpstream.header(reply.head(), "Content-Length")).isNull();
            assertThat(reply.text()).isEqualTo("got 1048576 bytes");
        }
    }

    @Test
    void aClientThatLeavesMidDownloadMakesTheGatewayCloseTheUpstreamConnection() throws Exception {
        CountDownLatch upstreamCut = new CountDownLatch(1);
        try (RawUpstream upstream = RawUpstream.start((head, in, out) -> {
                 if (head.startsWith("GET /ok ")) {
                     respond(out, "ok");
                     return;
                 }
                 out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
                 byte[] tick = new byte[16 * 1024];
                 try {
                     while (true) {
                         RawUpstream.writeChunk(out, tick);
                         out.flush();
                     }
                 } catch (IOException closed) {
                     upstreamCut.countDown();
                     throw closed;
                 }
             });
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", upstream.url()))) {
            gateway.outcomes.clear();
            try (Socket client = connect(gateway.port())) {
                client.getOutputStream().write(ascii("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n"));
                InputStream in = client.getInputStream();
                assertThat(RawUpstream.readHead(in)).startsWith("HTTP/1.1 200");
                assertThat(in.readNBytes(100_000)).hasSize(100_000);
            }
            assertThat(upstreamCut.await(30, TimeUnit.SECONDS)).as("the gateway closed the upstream connection").isTrue();
            assertThat(gateway.nextOutcome()).isEqualTo(Outcome.OK);

            gateway.get("/ok").expectStatus(200).expectBody("ok");
            assertThat(upstream.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void anUpstreamThatFailsMidBodyClosesTheClientsConnectionAndCountsAsAFailure() {
        try (RawUpstream bad = RawUpstream.start((head, in, out) -> {
                 out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n" + "x".repeat(65536)));
                 out.flush();
                 throw new IOException("the upstream dies mid-body");
             });
             FakeUpstream good = FakeUpstream.start("good");
             TestGateway gateway = TestGateway.of(UpstreamSettings.of("backend", bad.url(), good.url())
                     .withEjection(new UpstreamSettings.Ejection(1, Duration.ofMinutes(1)))
                     .withCircuitBreaker(PATIENT_BREAKER))) {
            gateway.outcomes.clear();
            RawHttp.Response truncated = null;
            while (truncated == null) {
                RawHttp.Response response = gateway.raw("/x");
                if (bad.requests.get() > 0) {
                    truncated = response;
                }
            }
            assertThat(truncated.status()).isEqualTo(200);
            assertThat(truncated.header("Content-Length")).isEqualTo("1048576");
            assertThat(truncated.body()).hasSizeLessThan(1048576);
            await().untilAsserted(() -> assertThat(gateway.outcomes).contains(Outcome.UPSTREAM_ERROR));

            for (int i = 0; i < 4; i++) {
                gateway.get("/x").expectStatus(200).expectBody("good");
            }
            assertThat(bad.requests.get()).as("the failed target was ejected").isEqualTo(1);
        }
    }

    @Test
    void anUpstreamThatStallsMidBodyIsCutOffAfterTheTimeout() throws Exception {
        CountDownLatch upstreamCut = new CountDownLatch(1);
        try (RawUpstream upstream = RawUpstream.start((head, in, out) -> {
                 out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"));
                 out.flush();
                 if (in.read() < 0) {
                     upstreamCut.countDown();
                 }
             });
             TestGateway gateway = TestGateway.start(
                     List.of(new ApiRoute("slow", null, "/", Set.of(), "backend", 2, false, Duration.ofMillis(500), UserMode.NONE)),
                     List.of(UpstreamSettings.of("backend", upstream.url())), "slow")) {
            gateway.outcomes.clear();
            RawHttp.Response response = gateway.raw("/x");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("0123456789");
            assertThat(upstreamCut.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(gateway.nextOutcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
        }
    }

    record Reply(String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One response: its head, and its body framed by Content-Length or chunked. */
    private static Reply readReply(InputStream in) throws IOException {
        String head = RawUpstream.readHead(in);
        String length = RawUpstream.header(head, "Content-Length");
        if (length != null) {
            return new Reply(head, in.readNBytes(Integer.parseInt(length)));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        RawUpstream.readChunked(in, body);
        return new Reply(head, body.toByteArray());
    }

    private static void respond(OutputStream out, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n"));
        out.write(body);
    }

    /** A client socket with small kernel buffers, as the upstream's, so that the gateway's share shows. */
    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setSendBufferSize(RawUpstream.SOCKET_BUFFER);
        socket.setReceiveBufferSize(RawUpstream.SOCKET_BUFFER);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** Waits until {@code counter} has not moved for a second: whoever advances it is blocked. */
    private static void awaitStill(AtomicLong counter) {
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    long now = counter.get();
                    boolean still = now == last[0] && now > 0;
                    last[0] = now;
                    return still;
                });
    }

    private static byte[] digestOf(Random random, int size) {
        MessageDigest digest = sha256();
        byte[] block = new byte[BLOCK];
        for (int done = 0; done < size; done += BLOCK) {
            random.nextBytes(block);
            digest.update(block);
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The largest buffer the kernel autotunes a TCP socket to (the third field of /proc/sys/net/ipv4/NAME). */
    private static long tcpMax(String name) {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4", name)).trim().split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return 6L * 1024 * 1024;
        }
    }
}
