package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A client that leaves while the chain is still running: what counts requests must hear of it. */
class AbandonedRequestIT {
    @Test
    void onFinishRunsWhenTheClientLeavesEvenIfTheChainNeverSettles() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        App app = new App().use((ctx, next) -> {
            ctx.onFinish(done -> finished.incrementAndGet());
            entered.countDown();
            return Promise.<Void>defer(ctx.loop()).promise();
        });
        try (HttpServer server = app.listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withRequestTimeoutMs(600_000))) {
            try (RawHttp client = new RawHttp(server.port())) {
                client.send("GET /hangs HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 1);
        }
    }
}
