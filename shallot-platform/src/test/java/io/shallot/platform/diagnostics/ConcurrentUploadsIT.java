package io.shallot.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.web.testing.TestResponse;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentUploadsIT {
    private DiagnosticsFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "request bodies streamed: {0}")
    @ValueSource(booleans = {true, false})
    void ofTwoUploadsAtOnceExactlyOneIsStoredWhole(boolean streamed) throws Exception {
        fixture = new DiagnosticsFixture(DiagnosticsSettings.defaults(), streamed);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                String id = LogPullsIT.requestPull(fixture, "{\"deviceId\":\"dev-1\"}");
                byte[][] logs = {random(round * 2, 1024 * 1024), random(round * 2 + 1, 1024 * 1024 + 5)};
                CountDownLatch start = new CountDownLatch(1);
                List<Future<TestResponse>> sent = List.of(0, 1).stream().map(i -> threads.submit(() -> {
                    start.await();
                    return LogPullsIT.upload(fixture, id, logs[i]);
                })).toList();
                start.countDown();
                TestResponse first = sent.get(0).get();
                TestResponse second = sent.get(1).get();

                assertThat(List.of(first.status(), second.status())).as("round " + round).containsExactlyInAnyOrder(201, 409);
                byte[] winner = first.status() == 201 ? logs[0] : logs[1];
                TestResponse won = first.status() == 201 ? first : second;
                assertThat(won.json().at("/data/sha256").asText()).isEqualTo(LogPullsIT.sha256(winner));
                assertThat(fixture.client.get("/v1/admin/diagnostics/pulls/" + id + "/log").expectStatus(200).bytes())
                        .isEqualTo(winner);
            }
            assertThat(fixture.count("diagnostic_log_chunks")).as("chunks of the winners only").isEqualTo(4 * 5);
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
