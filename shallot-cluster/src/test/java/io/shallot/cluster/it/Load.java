package io.shallot.cluster.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP/1.1 load generator that counts honestly: a fixed number of keep-alive
 * connections, each sending GET requests back to back, reconnecting when the server says
 * {@code Connection: close}; no retries. A request fails when the connection cannot be made, breaks
 * before the whole response arrived or gets no answer within 5 s; non-2xx answers are counted apart.
 */
final class Load implements AutoCloseable {
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong non2xx = new AtomicLong();
    final Map<String, AtomicLong> byBody = new ConcurrentHashMap<>();
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private final long pauseMs;

    /** Requests back to back on each connection. */
    Load(int port, int connections, String path) {
        this(port, connections, path, 0);
    }

    /** With a pause between a connection's requests: steady load that leaves the CPUs room for starting JVMs. */
    Load(int port, int connections, String path, long pauseMs) {
        this.pauseMs = pauseMs;
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> loop(port, path)));
        }
    }

    private void loop(int port, String path) {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (running) {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(5000);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream());
                boolean keepAlive = true;
                while (running && keepAlive) {
                    out.write(request);
                    out.flush();
                    String status = line(in);
                    int code = Integer.parseInt(status.split(" ")[1]);
                    int length = 0;
                    for (String h = line(in); !h.isEmpty(); h = line(in)) {
                        String lower = h.toLowerCase(java.util.Locale.ROOT);
                        if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(h.substring(15).trim());
                        } else if (lower.startsWith("connection:") && lower.contains("close")) {
                            keepAlive = false;
                        }
                    }
                    byte[] body = in.readNBytes(length);
                    if (body.length < length) {
                        throw new IOException("body cut short");
                    }
                    if (code / 100 == 2) {
                        ok.incrementAndGet();
                        byBody.computeIfAbsent(new String(body, StandardCharsets.UTF_8), k -> new AtomicLong()).incrementAndGet();
                    } else {
                        non2xx.incrementAndGet();
                    }
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    failed.incrementAndGet();
                    errors.add(System.currentTimeMillis() + " " + e);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** One GET on a new connection ({@code Connection: close}): the body of a 2xx answer, else null. */
    static String once(int port, String path) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(5000);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = answer.indexOf("\r\n\r\n");
            return answer.startsWith("HTTP/1.1 2") && body > 0 ? answer.substring(body + 4) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed mid-response (" + sb.length() + " bytes of a line read)");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
