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
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes, this JVM and a child JVM, limit one app through one Redis: together they
 * admit what one limit allows, not twice that.
 *
 * <p>The limit is a burst of {@value #BURST} with an emission interval of an hour, so what a
 * shared limit admits does not depend on how fast this (often loaded) machine sends: exactly
 * {@value #BURST} of the {@code 2 x }{@value #OFFERED_EACH} requests, split between the two
 * processes in whatever way they arrive. Limits kept per process would admit all 800.
 */
class SharedLimitTest {
    private static final long BURST = 500;
    private static final long PERIOD_SECONDS = 3600;
    private static final int OFFERED_EACH = 400;
    private static final int IN_FLIGHT_EACH = 16;

    @Test
    void twoProcessesTogetherAdmitWhatOneLimitAllows() throws Exception {
        try (TestRedis redis = new TestRedis();
             HttpServer local = LimitNode.listen(redis.redis, new Rate(1, Duration.ofSeconds(PERIOD_SECONDS), BURST));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Process child = startChild(redis);
            try {
                Target first = new Target(local.port());
                Target second = new Target(readPort(child));
                CompletableFuture<Void> a = CompletableFuture.runAsync(() -> first.drive(http), Executors.newVirtualThreadPerTaskExecutor());
                CompletableFuture<Void> b = CompletableFuture.runAsync(() -> second.drive(http), Executors.newVirtualThreadPerTaskExecutor());
                CompletableFuture.allOf(a, b).get(120, TimeUnit.SECONDS);

                long allowed = first.allowed.get() + second.allowed.get();
                assertThat(first.other.get() + second.other.get()).as("answers other than 200 and 429").isZero();
                // how the allowance splits depends on which process is faster (one may take all its 400)
                assertThat((double) allowed).as("admitted by both together (this process %d, the child %d)",
                        first.allowed.get(), second.allowed.get()).isCloseTo(BURST, withinPercentage(1));
            } finally {
                stop(child);
            }
        }
    }

    private static Process startChild(TestRedis redis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LimitNode.class.getName(),
                redis.uri, redis.prefix, "1", Long.toString(PERIOD_SECONDS), Long.toString(BURST))
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
        final AtomicInteger allowed = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();

        Target(int port) {
            this.port = port;
        }

        /** Sends {@value #OFFERED_EACH} requests, {@value #IN_FLIGHT_EACH} at a time, as fast as they are answered. */
        void drive(HttpClient http) {
            Semaphore slots = new Semaphore(IN_FLIGHT_EACH);
            List<CompletableFuture<Void>> answers = new ArrayList<>();
            for (int i = 0; i < OFFERED_EACH; i++) {
                slots.acquireUninterruptibly();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/contents"))
                        .header("X-App", "shared").timeout(Duration.ofSeconds(30)).build();
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenAccept(response -> {
                            switch (response.statusCode()) {
                                case 200 -> allowed.incrementAndGet();
                                case 429 -> { }
                                default -> other.incrementAndGet();
                            }
                        })
                        .whenComplete((ok, error) -> slots.release()));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        }
    }
}
