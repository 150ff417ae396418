package io.shallot.examples.onion;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Section 五: four middleware, the third waiting 1000 ms after {@code next()}; Koa's onion order
 * means every "end" line comes after everything downstream, async or not.
 */
public final class OnionDemo {
    private OnionDemo() {
    }

    public static App app(PrintStream out) {
        return new App()
                .use((ctx, next) -> {
                    out.println("first");
                    return next.run().thenRun(() -> out.println("first end"));
                })
                .use((ctx, next) -> {
                    out.println("second");
                    return next.run().thenRun(() -> out.println("second end"));
                })
                .use((ctx, next) -> {
                    out.println("async");
                    return next.run().compose(v -> {
                        Deferred<Void> waited = Promise.defer(ctx.loop());
                        ctx.loop().setTimeout(() -> {
                            out.println("wait 1000 ms end");
                            waited.resolve(null);
                        }, 1000);
                        return waited.promise();
                    }).thenRun(() -> out.println("async end"));
                })
                .use((ctx, next) -> {
                    out.println("third");
                    ctx.body("hello world");
                    return next.run().thenRun(() -> out.println("third end"));
                });
    }

    public static int run(PrintStream out) throws Exception {
        try (HttpServer server = app(out).listen(ServerOptions.defaults().withHost("127.0.0.1").withLoops(1));
             HttpClient client = HttpClient.newHttpClient()) {
            out.println("onion demo on http://127.0.0.1:" + server.port() + " ; one request:");
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println("response " + res.statusCode() + ": " + res.body());
            out.println("Koa's order (Express would print the 'end' lines before the 1000 ms wait finishes).");
        }
        return 0;
    }
}
