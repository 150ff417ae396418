package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.shallot.web.client.HttpClientException.Kind;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeaks.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static HttpsServer server;
    private static ExecutorService executor;
    private static SSLContext trusting;
    private static final Set<InetSocketAddress> PEERS = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startServer(@TempDir Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeTrue(Files.isExecutable(keytool), "keytool is needed to make a test certificate");
        Path store = dir.resolve("server.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            PEERS.add(exchange.getRemoteAddress());
            try (exchange) {
                JdkServer.respond(exchange, 200, "secure " + exchange.getRequestURI().getPath());
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static String url(String host, String path) {
        return "https://" + host + ":" + server.getAddress().getPort() + path;
    }

    @Test
    void httpsRequestsWorkAndReuseTheTlsConnection() {
        PEERS.clear();
        HttpClient client = HttpClient.create(ClientOptions.defaults().withSslContext(trusting));
        try {
            java.util.List<String> bodies = OnLoop.run(loop -> KeepAliveTest.sequence(3,
                    i -> client.get(url("127.0.0.1", "/" + i))));

            assertThat(bodies).containsExactly("secure /0", "secure /1", "secure /2");
            assertThat(PEERS).hasSize(1);
        } finally {
            client.close();
        }
    }

    @Test
    void anUntrustedCertificateFailsTheConnect() {
        HttpClient client = HttpClient.create();
        try {
            Throwable error = OnLoop.failure(loop -> client.get(url("127.0.0.1", "/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(error).hasMessageContaining("cannot connect to https://127.0.0.1:").hasMessageContaining("PKIX");
        } finally {
            client.close();
        }
    }

    @Test
    void aCertificateForAnotherHostNameIsRejected() {
        HttpClient client = HttpClient.create(ClientOptions.defaults().withSslContext(trusting));
        try {
            Throwable error = OnLoop.failure(loop -> client.get(url("localhost", "/x")));

            assertThat(((HttpClientException) error).kind()).isEqualTo(Kind.CONNECT_FAILED);
            assertThat(error).hasMessageContaining("No name matching localhost");
        } finally {
            client.close();
        }
    }
}
