package io.shallot.web.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A socket server that reads one request head per connection and answers with scripted raw bytes. */
final class RawServer implements AutoCloseable {

    interface Script {
        void answer(OutputStream out) throws IOException;
    }

    private final ServerSocket socket;

    RawServer(Script script) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread.ofVirtual().start(() -> serve(connection, script));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void serve(Socket connection, Script script) {
        try (connection) {
            InputStream in = connection.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            script.answer(connection.getOutputStream());
        } catch (IOException ignored) {
            // the client went away; nothing to report
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
