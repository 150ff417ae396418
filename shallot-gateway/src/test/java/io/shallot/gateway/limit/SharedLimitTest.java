package io.shallot.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.shallot.gateway.TestRedis;
import io.shallot.gateway.Rate;
import io.shallot.web.server.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes, this JVM and a child JVM, limit one app through one Redis: together they
 * admit what one limit allows, not twice that.
 */
class SharedLimitTest {
    private static final long LIMIT_PER_SECOND = 100;
    private static final long BURST = 50;
    private static final long OFFERED_PER_SECOND_EACH = 80;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @Test
    void twoProcessesTogetherAdmitWhatOneLimitAllows() throws Exception {
        try (TestRedis redis = new TestRedis();
             HttpServer local = LimitNode.listen(redis.redis, new Rate(LIMIT_PER_SECOND, Duration.ofSeconds(1), BURST));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Process child = startChild(redis);
            try {
                int childPort = readPort(child);
                Target first = new Target(local.port());
                Target second = new Target(childPort);
                for (Target target : List.of(first, second)) {
                    for (int i = 0; i < 50; i++) {
                        assertThat(http.send(target.request("warmup"), HttpResponse.BodyHandlers.discarding()).statusCode())
                                .isIn(200, 429);
                    }
                }

                long start = System.nanoTime();
                List<CompletableFuture<Void>> answers = new ArrayList<>();
                Thread pacerA = Thread.ofVirtual().start(() -> first.drive(http, start, answers));
                Thread pacerB = Thread.ofVirtual().start(() -> second.drive(http, start, answers));
                pacerA.join();
                pacerB.join();
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                long allowed = first.allowed.get() + second.allowed.get();
                long expected = BURST + LIMIT_PER_SECOND * WINDOW.toSeconds();
                long offered = 2 * OFFERED_PER_SECOND_EACH * WINDOW.toSeconds();
                assertThat(first.other.get() + second.other.get()).as("answers other than 200 and 429").isZero();
                assertThat(first.sent.get() + second.sent.get()).isEqualTo(offered);
                assertThat(first.allowed.get()).as("admitted by this process").isBetween(1, first.sent.get() - 1);
                assertThat(second.allowed.get()).as("admitted by the child process").isBetween(1, second.sent.get() - 1);
                assertThat((double) allowed).as("admitted by both together (this process %d, the child %d)",
                        first.allowed.get(), second.allowed.get()).isCloseTo(expected, withinPercentage(1));
            } finally {
                stop(child);
            }
        }
    }

    private static Process startChild(TestRedis redis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LimitNode.class.getName(),
                redis.uri, redis.prefix, Long.toString(LIMIT_PER_SECOND), Long.toString(BURST))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static int readPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("PORT ")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                        return;
                    }
                }
                port.completeExceptionally(new IllegalStateException("the child exited before it listened"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    private static void stop(Process child) throws Exception {
        child.getOutputStream().close();
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One gateway process and what it answered. */
    private static final class Target {
        final int port;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger allowed = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();

        Target(int port) {
            this.port = port;
        }

        HttpRequest request(String app) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/contents"))
                    .header("X-App", app).timeout(Duration.ofSeconds(20)).build();
        }

        /** Sends at a fixed rate for the window; a late sender catches up rather than sending less. */
        void drive(HttpClient http, long start, List<CompletableFuture<Void>> answers) {
            long interval = TimeUnit.SECONDS.toNanos(1) / OFFERED_PER_SECOND_EACH;
            long count = OFFERED_PER_SECOND_EACH * WINDOW.toSeconds();
            for (long i = 0; i < count; i++) {
                long due = start + i * interval;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                CompletableFuture<Void> answer = http.sendAsync(request("shared"), HttpResponse.BodyHandlers.discarding())
                        .thenAccept(response -> {
                            switch (response.statusCode()) {
                                case 200 -> allowed.incrementAndGet();
                                case 429 -> { }
                                default -> other.incrementAndGet();
                            }
                        });
                sent.incrementAndGet();
                synchronized (answers) {
                    answers.add(answer);
                }
            }
        }
    }
}
