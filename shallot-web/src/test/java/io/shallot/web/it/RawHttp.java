package io.shallot.web.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket that speaks HTTP by hand, for inputs no well-behaved client would send. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads until the peer closes or {@code timeoutMs} passes; returns what arrived. */
    String readUntilClose(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return all.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return all.toString(StandardCharsets.ISO_8859_1);
        }
        return all.toString(StandardCharsets.ISO_8859_1) + "<closed>";
    }

    /** Reads until {@code count} complete responses with Content-Length have arrived. */
    String readResponses(int count) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder all = new StringBuilder();
        int done = 0;
        while (done < count) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            all.append((char) b);
            int headEnd = all.indexOf("\r\n\r\n", lastStart(all, done));
            if (headEnd >= 0) {
                String head = all.substring(lastStart(all, done), headEnd);
                int length = contentLength(head);
                int bodyStart = headEnd + 4;
                while (all.length() < bodyStart + length) {
                    int c = in.read();
                    if (c == -1) {
                        break;
                    }
                    all.append((char) c);
                }
                done++;
                starts[done] = all.length();
            }
        }
        return all.toString();
    }

    private final int[] starts = new int[64];

    private int lastStart(StringBuilder all, int done) {
        return starts[done];
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    boolean isClosedByPeer(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
