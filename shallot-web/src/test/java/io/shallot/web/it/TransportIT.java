package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.uring.IoUring;
import io.shallot.loop.Promise;
import io.shallot.loop.Transport;
import io.shallot.web.App;
import io.shallot.web.router.Router;
import io.shallot.web.server.HttpServer;
import io.shallot.web.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The transport {@code -Dshallot.transport} names is the one the server's loops run on, as the kernel
 * sees it: every io_uring instance is a file descriptor of the process. The module's tests run once
 * with the default transport and once more with {@code io_uring} (the pom's second surefire execution).
 */
class TransportIT {
    @Test
    void theServerRunsOnTheTransportItWasGiven() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc to see the process's descriptors");
        HttpServer server = new App().use(Router.create().get("/ok", ctx -> Promise.resolve(ctx.loop(), "ok")).routes())
                .listen(ServerOptions.defaults().withHost("127.0.0.1").withLoops(2));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ok")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("ok");
            long rings = ioUringDescriptors();
            if (Transport.kind() == Transport.Kind.IO_URING) {
                assertThat(rings).as("io_uring instances, the server's two loops' among them").isGreaterThanOrEqualTo(2);
            } else {
                assertThat(rings).as("io_uring instances in a process on " + Transport.kind()).isZero();
            }
        } finally {
            server.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void askingForIoUringWhereItIsUsableGetsIt() {
        assumeTrue("io_uring".equals(System.getProperty(Transport.PROPERTY)), "this run uses the default transport");
        assumeTrue(IoUring.isAvailable(), () -> "io_uring cannot be used here: " + IoUring.unavailabilityCause());
        assertThat(Transport.kind()).isEqualTo(Transport.Kind.IO_URING);
    }

    private static long ioUringDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:[io_uring]");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
