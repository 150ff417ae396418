package io.shallot.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Deferred;
import io.shallot.loop.Promise;
import io.shallot.web.testing.TestClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvcAppTest {

    /** Shared logic, created once per app (the document's content service). */
    public static final class GreetingService {
        static final AtomicInteger CREATED = new AtomicInteger();

        GreetingService() {
            CREATED.incrementAndGet();
        }

        String greet(String name) {
            return "hello " + name;
        }
    }

    public static final class ContentController extends Controller {
        public String test() {
            return "good";
        }

        public String where() {
            return Thread.currentThread().isVirtual() ? "virtual thread" : "loop";
        }

        public Promise<Object> list() {
            Deferred<Object> later = Promise.defer(ctx().loop());
            ctx().loop().setTimeout(() -> later.resolve(resApi(true, "success",
                    List.of(service(GreetingService.class).greet(ctx().query("name"))))), 5);
            return later.promise();
        }

        public Promise<Object> broken() {
            throw new IllegalStateException("driver said: connection string secret");
        }

        public Object refuse() {
            return resApi(false, "params error", null, 400);
        }
    }

    private static MvcApp app(String yaml) throws IOException {
        return MvcApp.builder()
                .controller("content", ContentController::new)
                .service(GreetingService.class, s -> new GreetingService())
                .routes(RouteTable.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "routes.yaml"))
                .build();
    }

    private static final String ROUTES = """
            /v1/test:
              controller: content
              method: test
            /v1/contents:
              controller: content
              method: list
            /v1/where:
              controller: content
              method: where
            /v1/broken:
              controller: content
              method: broken
            POST /v1/refuse:
              controller: content
              method: refuse
            """;

    @Test
    void syncAndAsyncActionsBothAnswer() throws IOException {
        try (TestClient client = TestClient.of(app(ROUTES).app())) {
            client.get("/v1/test").expectStatus(200).expectBody("good");
            client.get("/v1/where").expectBody("virtual thread");
            client.get("/v1/contents?name=shallot").expectStatus(200).expectJson("/ret", 0)
                    .expectJson("/message", "success").expectJson("/data/0", "hello shallot");
        }
    }

    @Test
    void resApiWritesTheDocumentsEnvelope() throws IOException {
        try (TestClient client = TestClient.of(app(ROUTES).app())) {
            client.request("POST", "/v1/refuse").send().expectStatus(400).expectJson("/ret", -1)
                    .expectJson("/message", "params error").expectJson("/data", Map.of());
        }
    }

    @Test
    void anUnknownPathIsThe404Envelope() throws IOException {
        try (TestClient client = TestClient.of(app(ROUTES).app())) {
            client.get("/v1/nothing").expectStatus(404).expectJson("/ret", -1).expectJson("/message", "path not found");
        }
    }

    @Test
    void anExceptionInAnActionIsA500EnvelopeWithoutInternals() throws IOException {
        try (TestClient client = TestClient.of(app(ROUTES).app())) {
            var res = client.get("/v1/broken").expectStatus(500).expectJson("/ret", -1).expectJson("/message", "server error");
            assertThat(res.text()).doesNotContain("secret");
        }
    }

    @Test
    void servicesAreCreatedOncePerAppAtStartUp() throws IOException {
        int before = GreetingService.CREATED.get();
        try (TestClient client = TestClient.of(app(ROUTES).app())) {
            assertThat(GreetingService.CREATED.get()).isEqualTo(before + 1);
            client.get("/v1/contents?name=a");
            client.get("/v1/contents?name=b");
            assertThat(GreetingService.CREATED.get()).isEqualTo(before + 1);
        }
    }

    @Test
    void aTypoInTheTableFailsStartUpWithFileLineAndName() {
        assertThatThrownBy(() -> app("""
                /v1/test:
                  controller: content
                  method: test
                /v1/contents:
                  controller: content
                  method: lsit
                """)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("routes.yaml:4: ContentController has no public no-argument method 'lsit'")
                .hasMessageContaining("list");
        assertThatThrownBy(() -> app("""
                /v1/test:
                  controller: contnet
                  method: test
                """)).hasMessage("routes.yaml:1: controller 'contnet' is not registered (registered: content)");
        assertThatThrownBy(() -> app("""
                /v1/test:
                  controler: content
                  method: test
                """)).hasMessageStartingWith("routes.yaml:2: unknown key 'controler'");
        assertThatThrownBy(() -> app("""
                FETCH /v1/test:
                  controller: content
                  method: test
                """)).hasMessageStartingWith("routes.yaml:1: 'FETCH /v1/test' is not '[METHOD] /path'");
    }

    @Test
    void aRouteTableFileIsReadFromDisk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, ROUTES);
        assertThat(RouteTable.load(file)).hasSize(5).first()
                .satisfies(e -> assertThat(e.source()).isEqualTo(file + ":1"));
    }

    @Test
    void routesRegisteredInCodeWorkToo() {
        MvcApp app = MvcApp.builder().controller("content", ContentController::new)
                .service(GreetingService.class, s -> new GreetingService())
                .route("GET", "/v1/test", "content", "test").build();
        try (TestClient client = TestClient.of(app.app())) {
            client.get("/v1/test").expectBody("good");
        }
    }

    @Test
    void aServiceCycleFailsWithTheCycle() {
        record A(Object b) {
        }
        record B(Object a) {
        }
        assertThatThrownBy(() -> MvcApp.builder()
                .service(A.class, s -> new A(s.get(B.class)))
                .service(B.class, s -> new B(s.get(A.class)))
                .build()).hasMessage("service dependency cycle: A -> B -> A");
    }
}
