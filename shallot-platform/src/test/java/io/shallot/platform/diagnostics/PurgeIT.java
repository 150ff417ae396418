package io.shallot.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Loop;
import io.shallot.testing.OnLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PurgeIT {
    private final DiagnosticsFixture fixture = new DiagnosticsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private void report(String deviceId) {
        fixture.client.postJson("/v1/diagnostics/reports", "{\"deviceId\":\"" + deviceId + "\",\"appVersion\":\"1.0\","
                + "\"platform\":\"other\",\"metrics\":{\"cpu\":1,\"mem\":2}}").expectStatus(202);
    }

    private Purged purge() {
        return OnLoop.run(loop -> fixture.diagnostics.purge());
    }

    @Test
    void purgeRemovesExactlyTheOldReportsTheExpiredPullsAndTheOldLogs() {
        report("old");
        String expiring = LogPullsIT.requestPull(fixture, "{\"deviceId\":\"a\"}");
        String uploaded = LogPullsIT.requestPull(fixture, "{\"deviceId\":\"b\"}");
        LogPullsIT.upload(fixture, uploaded, "log".getBytes(StandardCharsets.UTF_8)).expectStatus(201);

        fixture.clock.advance(Duration.ofDays(7).minusMillis(1));
        assertThat(purge()).isEqualTo(new Purged(0, 0));
        fixture.clock.advance(Duration.ofMillis(1));
        report("new");
        String later = LogPullsIT.requestPull(fixture, "{\"deviceId\":\"c\"}");
        assertThat(purge()).isEqualTo(new Purged(0, 1));
        fixture.client.get("/v1/admin/diagnostics/pulls?deviceId=a").expectJson("/data/items", List.of());

        fixture.clock.set(DiagnosticsFixture.START.plus(Duration.ofDays(30)));
        assertThat(purge()).isEqualTo(new Purged(0, 1));
        fixture.client.get("/v1/admin/diagnostics/pulls?deviceId=c").expectJson("/data/items", List.of());
        fixture.client.get("/v1/admin/diagnostics/pulls/" + uploaded + "/log").expectStatus(200);

        fixture.clock.advance(Duration.ofMillis(1));
        assertThat(purge()).isEqualTo(new Purged(1, 1));
        assertThat(fixture.client.get("/v1/admin/diagnostics/reports").json().at("/data/items/0/deviceId").asText()).isEqualTo("new");
        assertThat(fixture.count("diagnostic_reports")).isEqualTo(1);
        assertThat(fixture.count("diagnostic_samples")).isEqualTo(2);
        assertThat(fixture.count("diagnostic_pulls")).isZero();
        assertThat(fixture.count("diagnostic_log_chunks")).isZero();
        assertThat(expiring).isNotEqualTo(later);
    }

    @Test
    void startPurgingPurgesOnItsLoopUntilStopped() throws Exception {
        report("old");
        fixture.clock.advance(Duration.ofDays(31));
        Loop loop = Loop.start();
        try {
            Purging purging = fixture.diagnostics.startPurging(loop, Duration.ofSeconds(1));
            await().atMost(20, TimeUnit.SECONDS).until(() -> fixture.count("diagnostic_reports") == 0);
            purging.stop();
            report("new");
            fixture.clock.advance(Duration.ofDays(31));
            Thread.sleep(2500);
            assertThat(fixture.count("diagnostic_reports")).as("no purge after stop()").isEqualTo(1);
        } finally {
            loop.shutdown().get(10, TimeUnit.SECONDS);
        }
    }
}
