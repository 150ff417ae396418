package io.shallot.examples.cpu;

import io.shallot.loop.Promise;
import io.shallot.loop.ShutdownHooks;
import io.shallot.web.App;
import io.shallot.web.Context;
import io.shallot.web.client.HttpClient;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Section 2.3: the sum of 0..1e9 three ways on port 4000. {@code GET /} computes it inline on the
 * loop (the slow way, which blocks every other request: the watchdog says so); {@code ?mode=async}
 * asks two worker processes on ports 5000 and 6000 for one half each, concurrently, over HTTP;
 * {@code ?mode=offload} runs the halves on the offload pool of this process. The demo measures
 * each once (after a warm-up), then serves until Ctrl-C; {@code --once} stops after measuring.
 */
public final class CpuDemo {
    static final long EXACT = 499_999_999_500_000_000L;

    private CpuDemo() {
    }

    static App app(int firstWorker, int secondWorker) {
        HttpClient client = HttpClient.create();
        return new App().use(Router.create().get("/", ctx -> switch (mode(ctx)) {
            case "async" -> Promise.all(List.of(
                            client.get("http://127.0.0.1:" + firstWorker + "/").then(r -> Long.parseLong(r.text())),
                            client.get("http://127.0.0.1:" + secondWorker + "/").then(r -> Long.parseLong(r.text()))))
                    .then(halves -> String.valueOf(halves.get(0) + halves.get(1)));
            case "offload" -> Promise.all(List.of(
                            ctx.loop().offload(() -> Sums.sum(0, Sums.HALF)),
                            ctx.loop().offload(() -> Sums.sum(Sums.HALF, Sums.END))))
                    .then(halves -> String.valueOf(halves.get(0) + halves.get(1)));
            default -> Promise.resolve(ctx.loop(), String.valueOf(Sums.sum(0, Sums.HALF) + Sums.sum(Sums.HALF, Sums.END)));
        }).routes());
    }

    private static String mode(Context ctx) {
        String mode = ctx.query("mode");
        return mode == null ? "inline" : mode;
    }

    public static int run(PrintStream out, boolean once, int port) throws Exception {
        int first = port + 1000;
        int second = port + 2000;
        List<Process> workers = new ArrayList<>();
        workers.add(startWorker(first, 0, Sums.HALF));
        workers.add(startWorker(second, Sums.HALF, Sums.END));
        ShutdownHooks.add("shallot-cpu-demo-shutdown", () -> workers.forEach(Process::destroy));
        try {
            awaitListening(first);
            awaitListening(second);
            HttpServer server = app(first, second).listen(ServerOptions.defaults().withHost("127.0.0.1").withPort(port));
            out.println("server start http://127.0.0.1:" + port + "  (workers on " + first + " and " + second + ")");
            String base = "http://127.0.0.1:" + port + "/";
            out.printf("%-46s %-20s %s%n", "request", "answer", "time");
            double inline = 0;
            for (String mode : List.of("", "?mode=async", "?mode=offload")) {
                get(base + mode);
                long start = System.nanoTime();
                String answer = get(base + mode);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (mode.isEmpty()) {
                    inline = seconds;
                }
                out.printf("%-46s %-20s %.3f s%s%n", "time curl " + base + mode, answer, seconds,
                        mode.isEmpty() ? "" : String.format("  (%.2fx faster than inline)", inline / seconds));
                if (!answer.equals(String.valueOf(EXACT))) {
                    out.println("  !! expected " + EXACT);
                }
            }
            out.println("The document printed 499999999075959400: JavaScript numbers are doubles and lose the low digits"
                    + " past 2^53; a Java long keeps the exact " + EXACT + ".");
            if (once) {
                server.close();
                return 0;
            }
            out.println("Serving until Ctrl-C.");
            new CountDownLatch(1).await();
            return 0;
        } finally {
            if (once) {
                workers.forEach(Process::destroy);
            }
        }
    }

    private static Process startWorker(int port, long from, long to) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SumWorker.class.getName(),
                String.valueOf(port), String.valueOf(from), String.valueOf(to))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("worker on port " + port + " did not start within 30 s");
    }

    private static String get(String url) throws IOException, InterruptedException {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
