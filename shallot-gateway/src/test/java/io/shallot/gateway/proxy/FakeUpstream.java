package io.shallot.gateway.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream on 127.0.0.1 (the JDK's HTTP server, one virtual thread per request) that
 * records what reached it and answers with its name unless told otherwise. {@code /health} answers
 * {@link #healthStatus} and is counted apart.
 */
final class FakeUpstream implements AutoCloseable {
    /** One request as the upstream saw it; {@code target} is the raw path and query. */
    record Seen(String method, String target, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange) throws Exception;
    }

    final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    final AtomicInteger healthChecks = new AtomicInteger();
    volatile int healthStatus = 200;
    private volatile Responder responder;

    private FakeUpstream(String name) throws IOException {
        this.name = name;
        this.responder = exchange -> send(exchange, 200, name, "Content-Type", "text/plain; charset=utf-8");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeUpstream start(String name) {
        try {
            return new FakeUpstream(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeUpstream respond(Responder value) {
        this.responder = value;
        return this;
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    int count() {
        return seen.size();
    }

    Seen last() {
        List<Seen> all = requests();
        return all.isEmpty() ? null : all.getLast();
    }

    /** Answers with a body (none when empty, or for HEAD) and header name/value pairs. */
    static void send(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] bytes = "HEAD".equals(exchange.getRequestMethod()) ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if ("/health".equals(path)) {
                healthChecks.incrementAndGet();
                send(exchange, healthStatus, "");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key, List.copyOf(values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), query == null ? path : path + "?" + query, headers, body));
            responder.respond(exchange);
        } catch (Exception e) {
            throw new IOException(name + " failed to answer", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
