package io.shallot.loop.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.shallot.loop.Loop;
import io.shallot.loop.LoopOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Runs a script as {@code node script.js} would: the run must end by itself, with nothing uncaught. */
final class NetTesting {
    /**
     * Why the ECONNREFUSED cases need epoll: the JDK's NIO closes a listening socket registered
     * with a selector only at the next select, so a connect made right after server.close() is
     * still accepted by the kernel, then reset (ECONNRESET instead of Node's ECONNREFUSED).
     */
    static final String NIO_DEFERS_CLOSE = "NIO closes a registered listening socket only at the next select";

    private NetTesting() {
    }

    static List<String> run(BiConsumer<Loop, List<String>> script) {
        List<String> out = new ArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        LoopOptions options = LoopOptions.defaults().withOnUncaughtException(uncaught::add);
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> Loop.run(options, loop -> script.accept(loop, out)),
                () -> "the loop did not end by itself; events so far: " + out);
        assertThat(uncaught).as("uncaught exceptions").isEmpty();
        return out;
    }

    /** The Node 20 recording of a conformance case, one line per element. */
    static List<String> recorded(String name) {
        try (InputStream in = NetTesting.class.getResourceAsStream("/conformance/" + name + ".out")) {
            assertThat(in).as("recorded output of " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
