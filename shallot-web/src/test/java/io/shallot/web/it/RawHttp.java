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
        this(port, 0);
    }

    /** With a receive buffer of {@code receiveBuffer} bytes (0: the system's), set before connecting. */
    RawHttp(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
    }

    /** How long each read may wait (5 s unless set). */
    RawHttp readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
        return this;
    }

    /** One response: its head up to the blank line, and its body framed as the head says. */
    record Reply(String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** The head of the next response, up to and without the blank line. */
    String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed inside a response head: " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.length() - 4);
    }

    /** The next response; a body without Content-Length or chunked framing is read until close. */
    Reply readReply() throws IOException {
        return readReply(false);
    }

    /** The next response to a HEAD request: headers only, whatever they announce. */
    Reply readHeadReply() throws IOException {
        return readReply(true);
    }

    private Reply readReply(boolean bodyless) throws IOException {
        String head = readHead();
        Reply headOnly = new Reply(head, new byte[0]);
        int status = Integer.parseInt(head.substring(9, 12));
        if (bodyless || status == 204 || status == 304 || status < 200) {
            return headOnly;
        }
        String length = headOnly.header("Content-Length");
        if (length != null) {
            return new Reply(head, readBytes(Integer.parseInt(length)));
        }
        if ("chunked".equalsIgnoreCase(headOnly.header("Transfer-Encoding"))) {
            return new Reply(head, readChunked());
        }
        return new Reply(head, socket.getInputStream().readAllBytes());
    }

    /** Exactly {@code n} bytes; fails when the peer closes first. */
    byte[] readBytes(int n) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine();
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine();
                return body.toByteArray();
            }
            body.write(readBytes(n));
            readLine();
        }
    }

    private String readLine() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new IOException("closed inside a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    InputStream input() throws IOException {
        return socket.getInputStream();
    }

    OutputStream output() throws IOException {
        return socket.getOutputStream();
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

    /**
     * Reads until the peer closes; returns what arrived. Each read may wait 30 s: every caller
     * expects the close, and a loaded machine can hold a server's answer back for seconds.
     */
    String readUntilClose() throws IOException {
        socket.setSoTimeout(30_000);
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
