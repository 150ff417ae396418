package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Section 五 of the document: Koa's onion order, with an async middleware waiting 1000 ms after next(). */
class OnionOrderIT {

    @Test
    void theDocumentsDemoPrintsKoasOrderNotExpresss() {
        List<String> printed = new CopyOnWriteArrayList<>();
        App app = new App()
                .use((ctx, next) -> {
                    printed.add("first");
                    return next.run().thenRun(() -> printed.add("first end"));
                })
                .use((ctx, next) -> {
                    printed.add("second");
                    return next.run().thenRun(() -> printed.add("second end"));
                })
                .use((ctx, next) -> {
                    printed.add("async");
                    return next.run().compose(v -> {
                        Deferred<Void> waited = Promise.defer(ctx.loop());
                        ctx.loop().setTimeout(() -> {
                            printed.add("wait 1000 ms end");
                            waited.resolve(null);
                        }, 1000);
                        return waited.promise();
                    }).thenRun(() -> printed.add("async end"));
                })
                .use((ctx, next) -> {
                    printed.add("third");
                    ctx.body("hello");
                    return next.run().thenRun(() -> printed.add("third end"));
                });
        try (TestClient client = TestClient.of(app)) {
            client.get("/").expectStatus(200).expectBody("hello");
        }
        assertThat(printed).containsExactly("first", "second", "async", "third", "third end",
                "wait 1000 ms end", "async end", "second end", "first end");
    }
}
