package io.shallot.mvc.cache.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * The redis-server binary shipped in codemonstur's embedded-redis, started on a free 127.0.0.1
 * port with persistence off. The binary is extracted once per JVM; {@code EMBEDDED_REDIS_EXECUTABLE}
 * points at another one (e.g. where the shipped build does not run).
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final int ATTEMPTS = 3;
    private static File binary;

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server; a port taken between choosing and binding it is retried on another one. */
    public static EmbeddedRedis start() {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                return start(port);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("embedded Redis did not start; set redis.uri to use a running server", last);
    }

    /** Starts a server on {@code port} (tests restart one on the same port). */
    public static EmbeddedRedis start(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .executableProvider(EmbeddedRedis::executable)
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
        server.start();
        LOG.info("embedded Redis listening on 127.0.0.1:{}", port);
        return new EmbeddedRedis(server, port);
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("embedded Redis on port {} did not stop cleanly", port, e);
        }
    }

    private static synchronized File executable() throws IOException {
        String override = System.getenv(ExecutableProvider.ENVIRONMENT_EXECUTABLE_LOCATION);
        if (override != null && !override.isBlank()) {
            return new File(override);
        }
        if (binary == null || !binary.canExecute()) {
            Map<OsArchitecture, String> binaries = ExecutableProvider.newProvidedVersionsMap();
            // 1.4.3 maps Apple silicon to a 7.2 binary it does not ship; it does ship this one.
            binaries.put(OsArchitecture.MAC_OS_X_ARM64, "/redis-server-6.2.6-v5-darwin-arm64");
            binary = ExecutableProvider.newJarResourceProvider(binaries).get();
        }
        return binary;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
