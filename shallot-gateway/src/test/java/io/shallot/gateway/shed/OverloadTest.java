package io.shallot.gateway.shed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.gateway.Identify;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A real server whose requests each burn 10 ms of its only loop, flooded by lowest-priority
 * clients while critical clients keep calling: the lowest class is shed, critical traffic is
 * served, and once the flood stops the level returns to 0 and everything is served again.
 */
class OverloadTest {
    private static final long BURN_NANOS = Duration.ofMillis(10).toNanos();
    private static final Duration LOAD = Duration.ofSeconds(5);

    private final ShedSettings settings = ShedSettings.defaults()
            .withDelay(Duration.ofMillis(30), Duration.ofMillis(80))
            // the clients run in this JVM, so its CPU says nothing about the server; the loop delay does
            .withCpu(0.99, 1.0)
            .withTiming(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(500));

    /** What one class of clients got. */
    private static final class Tally {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();

        int total() {
            return ok.get() + shed.get() + other.get();
        }
    }

    @Test
    void underOverloadCriticalTrafficIsServedWhileTheLowestIsShedAndServiceResumesAfterwards() throws Exception {
        try (OverloadDetector detector = OverloadDetector.start(settings);
             TestClient server = TestClient.of(new App()
                     .use(Identify.apps(Map.of("app", Identify.app("app", "default"))))
                     .use(new Shedding(detector))
                     .use((ctx, next) -> {
                         long until = System.nanoTime() + BURN_NANOS;
                         while (System.nanoTime() < until) {
                             Thread.onSpinWait();
                         }
                         ctx.body("ok");
                         return next.run();
                     }));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Tally critical = new Tally();
            Tally lowest = new Tally();
            AtomicLong highestLevel = new AtomicLong();
            long end = System.nanoTime() + LOAD.toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                clients.add(Thread.ofVirtual().start(() -> drive(http, server.port(), 3, end, lowest)));
            }
            for (int i = 0; i < 2; i++) {
                clients.add(Thread.ofVirtual().start(() -> drive(http, server.port(), 0, end, critical)));
            }
            // a level holds for a cool-down (500 ms) at least, so a read every 5 ms sees each one
            clients.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    highestLevel.accumulateAndGet(detector.level(), Math::max);
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
            }));
            for (Thread client : clients) {
                client.join();
            }

            assertThat(highestLevel.get()).as("highest shed level").isGreaterThanOrEqualTo(1);
            assertThat(critical.shed.get()).as("critical requests shed").isZero();
            assertThat(critical.total()).as("critical requests sent").isGreaterThanOrEqualTo(10);
            assertThat((double) critical.ok.get() / critical.total()).as("critical success rate").isGreaterThanOrEqualTo(0.99);
            assertThat(lowest.shed.get()).as("lowest-priority requests shed").isGreaterThan(0);
            assertThat(lowest.other.get()).as("lowest-priority requests failed otherwise").isZero();

            await().atMost(Duration.ofSeconds(60)).until(() -> detector.level() == 0);
            HttpResponse<String> after = http.send(request(server.port(), 3), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        }
    }

    private static HttpRequest request(int port, int priority) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work"))
                .header("X-App", "app")
                .header("X-Priority", Integer.toString(priority))
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static void drive(HttpClient http, int port, int priority, long end, Tally tally) {
        while (System.nanoTime() < end) {
            try {
                int status = http.send(request(port, priority), HttpResponse.BodyHandlers.discarding()).statusCode();
                (status == 200 ? tally.ok : status == 503 ? tally.shed : tally.other).incrementAndGet();
            } catch (Exception e) {
                tally.other.incrementAndGet();
            }
        }
    }
}
