package io.shallot.gateway.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that speaks HTTP by hand on a plain server socket, one virtual thread per
 * connection, for what a well-behaved server never does: read a body slowly, stall, reset mid-body,
 * send without end. Its sockets have 64 KiB kernel buffers, so what the gateway holds shows.
 */
final class RawUpstream implements AutoCloseable {
    static final int SOCKET_BUFFER = 64 * 1024;

    /** Serves one request whose head has been read; the body, if any, is still in {@code in}. */
    @FunctionalInterface
    interface Handler {
        void handle(String head, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Handler handler;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    private RawUpstream(Handler handler) throws IOException {
        this.handler = handler;
        server = new ServerSocket();
        server.setReceiveBufferSize(SOCKET_BUFFER);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.submit(this::accept);
    }

    static RawUpstream start(Handler handler) {
        try {
            return new RawUpstream(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The value of a header in a request or response head, or null. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A head up to and without the blank line; null when the peer closed before sending one. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("closed inside a head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    /** Reads a chunked body to its end, handing each piece of data to {@code sink}. */
    static void readChunked(InputStream in, OutputStream sink) throws IOException {
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            sink.write(in.readNBytes(length));
            line(in);
        }
    }

    static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length).toUpperCase(Locale.ROOT) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed inside a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSendBufferSize(SOCKET_BUFFER);
                connections.incrementAndGet();
                threads.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = readHead(in)) != null) {
                requests.incrementAndGet();
                handler.handle(head, in, out);
                out.flush();
            }
        } catch (Exception gone) {
            // the gateway closed the connection, or the handler ended it on purpose
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
