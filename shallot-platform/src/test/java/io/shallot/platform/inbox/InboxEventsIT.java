package io.shallot.platform.inbox;

import static io.shallot.platform.inbox.Messages.broadcast;
import static io.shallot.platform.inbox.Messages.direct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.shallot.mvc.cache.Redis;
import io.shallot.mvc.cache.RedisSettings;
import io.shallot.testing.OnLoop;
import io.shallot.testing.TestRedis;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.ServerOptions;
import io.shallot.web.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Server-Sent Events stream, read from a raw socket as a browser's EventSource would. */
class InboxEventsIT {
    private final TestRedis store = new TestRedis("platform");
    private final Inbox inbox = new Inbox(store.redis, Clock.systemUTC(),
            InboxSettings.defaults().withTopics(List.of("sports")).withMaxStreams(2).withHeartbeat(Duration.ofMillis(300)));
    // a request timeout far shorter than the stream is open: the stream must outlive it
    private final TestClient client = TestClient.of(new App().use(InboxRoutes.mount(Router.create(), inbox).routes()),
            ServerOptions.defaults().withHost("127.0.0.1").withLoops(1).withRequestTimeoutMs(1000));
    private final List<Reader> readers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Reader reader : readers) {
            reader.close();
        }
        client.close();
        inbox.close();
        store.close();
    }

    @Test
    void aStreamSendsTheBadgesThenEachNewMessageAndItsBadges() throws Exception {
        OnLoop.run(loop -> inbox.send(direct("social", "before", "ann")));
        Reader reader = open("ann");
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("event: badges"));
        assertThat(reader.text()).contains("HTTP/1.1 200", "text/event-stream", "no-cache")
                .contains("data: {\"total\":1,\"categories\":{\"system\":0,\"activity\":0,\"social\":1,\"order\":0},\"dots\":[]}");
        await().atMost(Duration.ofSeconds(20)).until(() -> pings(reader) >= 2);
        assertThat(reader.text().split("event: badges", -1)).as("one badges event while nothing changed").hasSize(2);

        Sent sent = OnLoop.run(loop -> inbox.send(direct("order", "after", "ann", "bob")));
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("\"total\":2"));
        String text = reader.text();
        assertThat(text).contains("event: message\ndata: {\"id\":\"" + sent.id() + "\",\"category\":\"order\",\"title\":\"after\"");
        assertThat(text.indexOf("event: message")).isLessThan(text.indexOf("\"total\":2"));

        OnLoop.run(loop -> inbox.setDot("ann", "me.news"));
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("\"dots\":[\"me\",\"me.news\"]"));
        await("the stream outlives the 1 s request timeout and pings").atMost(Duration.ofSeconds(20))
                .until(() -> pings(reader) > 4);
        assertThat(reader.text()).doesNotContain("timed out");

        OnLoop.run(loop -> inbox.send(broadcast("sports", "activity", "sports news")));
        OnLoop.run(loop -> inbox.send(broadcast("all", "system", "hello all")));
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("\"title\":\"hello all\""));
        int pings = pings(reader);
        await().atMost(Duration.ofSeconds(20)).until(() -> pings(reader) > pings + 1);
        assertThat(reader.text()).as("ann does not follow sports").doesNotContain("sports news");
    }

    private static int pings(Reader reader) {
        return reader.text().split(": ping", -1).length - 1;
    }

    @Test
    void aClientThatLeavesFreesItsStreamAndTooManyStreamsAre503() throws Exception {
        Reader ann = open("ann");
        Reader bob = open("bob");
        await().atMost(Duration.ofSeconds(20)).until(() -> ann.text().contains("event: badges") && bob.text().contains("event: badges"));
        assertThat(inbox.activeStreams()).isEqualTo(2);
        client.get("/v1/users/cid/events").expectStatus(503).expectHeader("Retry-After", "5")
                .expectJson("/message", "too many event streams here; try again later");

        ann.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.activeStreams() == 1);
        Reader cid = open("cid");
        await().atMost(Duration.ofSeconds(20)).until(() -> cid.text().contains("event: badges"));
        assertThat(inbox.activeStreams()).isEqualTo(2);
    }

    @Test
    void closingTheInboxEndsItsStreams() throws Exception {
        Reader ann = open("ann");
        await().atMost(Duration.ofSeconds(20)).until(() -> ann.text().contains("event: badges"));
        inbox.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> ann.text().endsWith("\r\n0\r\n\r\n"));
        assertThat(inbox.activeStreams()).isZero();
    }

    @Test
    void aStreamHearsFreshBadgesWhenThePubSubConnectionComesBack() throws Exception {
        // a private server: killing its pub/sub clients touches no other test's
        Redis own = Redis.start(RedisSettings.defaults().withPrefix("test:platform:" + UUID.randomUUID() + ":")
                .withTimeout(Duration.ofSeconds(10)));
        Inbox reconnecting = new Inbox(own, Clock.systemUTC(), InboxSettings.defaults().withHeartbeat(Duration.ofSeconds(30)));
        try (TestClient server = TestClient.of(new App().use(InboxRoutes.mount(Router.create(), reconnecting).routes()),
                ServerOptions.defaults().withHost("127.0.0.1").withLoops(1));
                Reader reader = new Reader(new Socket("127.0.0.1", server.port()), "ann")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("event: badges"));

            long killed = own.commands().clientKill(KillArgs.Builder.typePubsub()).get(5, TimeUnit.SECONDS);
            assertThat(killed).isEqualTo(1);
            await("badges read afresh once the channels are subscribed again").atMost(Duration.ofSeconds(20))
                    .until(() -> reader.text().split("event: badges", -1).length >= 3);

            OnLoop.run(loop -> reconnecting.send(direct("social", "after the reconnect", "ann")));
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.text().contains("\"title\":\"after the reconnect\""));
        } finally {
            reconnecting.close();
            own.close();
        }
    }

    private Reader open(String uid) throws IOException {
        Reader reader = new Reader(new Socket("127.0.0.1", client.port()), uid);
        readers.add(reader);
        return reader;
    }

    /** A raw HTTP/1.1 client that keeps everything the server sends. */
    private static final class Reader implements AutoCloseable {
        private final Socket socket;
        private final StringBuilder received = new StringBuilder();

        Reader(Socket socket, String uid) throws IOException {
            this.socket = socket;
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/users/" + uid + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.ofVirtual().start(this::pump);
        }

        private void pump() {
            byte[] buffer = new byte[4096];
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (received) {
                        received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        String text() {
            synchronized (received) {
                return received.toString();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
