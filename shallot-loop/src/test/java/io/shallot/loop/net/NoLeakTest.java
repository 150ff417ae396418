package io.shallot.loop.net;

import static io.shallot.loop.net.NetTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NoLeakTest {

    @Test
    void echoingThousandsOfMessagesLeaksNoByteBuf() throws InterruptedException {
        List<String> leaks = new CopyOnWriteArrayList<>();
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ByteBufUtil.setLeakListener((type, records) -> leaks.add(type + records));
        try {
            int[] echoed = {0};
            run((loop, out) -> {
                NetServer[] server = new NetServer[1];
                server[0] = Net.createServer(loop, sock -> {
                    sock.onData(sock::write);
                    sock.onError(e -> { });
                    sock.onClose(hadError -> server[0].close());
                });
                server[0].listen(0, "127.0.0.1", () -> {
                    for (int c = 0; c < 4; c++) {
                        NetSocket[] client = new NetSocket[1];
                        int[] left = {500};
                        client[0] = Net.connect(loop, server[0].port(), "127.0.0.1", () -> client[0].write("m"));
                        client[0].onData(d -> {
                            echoed[0] += d.length;
                            left[0] -= d.length;
                            if (left[0] > 0) {
                                client[0].write("m");
                            } else {
                                client[0].end();
                            }
                        });
                        // a connection torn down with unread data in flight
                        client[0].onClose(hadError -> { });
                    }
                    NetSocket reset = Net.connect(loop, server[0].port(), "127.0.0.1", null);
                    reset.onError(e -> { });
                    reset.write(new byte[100_000]);
                    reset.onData(d -> reset.destroy());
                });
            });
            assertThat(echoed[0]).isEqualTo(2000);
            for (int i = 0; i < 10 && leaks.isEmpty(); i++) {
                System.gc();
                Thread.sleep(20);
                // The detector reports collected leaks when it tracks the next buffer.
                ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(1);
                probe.release();
            }
            assertThat(leaks).isEmpty();
        } finally {
            ByteBufUtil.setLeakListener(null);
            ResourceLeakDetector.setLevel(level);
        }
    }
}
