package io.shallot.loop.net;

import static io.shallot.loop.net.NetTesting.run;
import static io.shallot.loop.net.NetTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.loop.Loop;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EchoTest {

    /** Writes each chunk back as it comes; the peer's end ends it; closes itself with its first connection. */
    private static NetServer echoServer(Loop loop, List<String> out) {
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(loop, sock -> {
            sock.onData(sock::write);
            sock.onClose(hadError -> {
                out.add("server socket close " + hadError);
                server[0].close(() -> out.add("server closed"));
            });
        });
        return server[0];
    }

    @Test
    void anEchoRoundTripEndsTheRunByItselfOnceBothSidesClose() {
        assertThat(run((loop, out) -> {
            NetServer server = echoServer(loop, out);
            server.listen(0, "127.0.0.1", () -> {
                NetSocket[] client = new NetSocket[1];
                client[0] = Net.connect(loop, server.port(), "127.0.0.1", () -> {
                    out.add("connected");
                    client[0].write("hello");
                });
                client[0].onData(d -> {
                    out.add("echo " + utf8(d));
                    client[0].end();
                });
                client[0].onEnd(() -> out.add("client end"));
                client[0].onClose(hadError -> out.add("client close " + hadError));
            });
        })).containsSubsequence("connected", "echo hello", "client end")
                .contains("client close false", "server socket close false", "server closed")
                .hasSize(6);
    }

    @Test
    void fourMegabytesEchoBackIntactWhenTheWriterHonoursDrain() {
        byte[] payload = new byte[4 << 20];
        new Random(42).nextBytes(payload);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int[] chunks = {0};
        run((loop, out) -> {
            NetServer server = echoServer(loop, out);
            server.listen(0, "127.0.0.1", () -> {
                NetSocket client = Net.connect(loop, server.port(), "127.0.0.1", null);
                int[] offset = {0};
                Runnable pump = new Runnable() {
                    @Override
                    public void run() {
                        while (offset[0] < payload.length) {
                            int n = Math.min(64 * 1024, payload.length - offset[0]);
                            byte[] chunk = Arrays.copyOfRange(payload, offset[0], offset[0] + n);
                            offset[0] += n;
                            if (!client.write(chunk)) {
                                return;
                            }
                        }
                        client.end();
                    }
                };
                client.onDrain(pump);
                client.onData(d -> {
                    chunks[0]++;
                    received.writeBytes(d);
                });
                pump.run();
            });
        });
        assertThat(received.toByteArray()).isEqualTo(payload);
        assertThat(chunks[0]).isGreaterThan(1);
    }
}
