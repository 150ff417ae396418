package io.shallot.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shallot.loop.Promise;
import io.shallot.web.App;
import io.shallot.web.testing.TestClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestHeadersIT {
    @Test
    void allRequestHeadersAreListedWithRepeatsInOrderAndLookedUpIgnoringCase() throws Exception {
        AtomicReference<Map<String, List<String>>> seen = new AtomicReference<>();
        App app = new App().use((ctx, next) -> {
            seen.set(ctx.headers());
            ctx.body("ok");
            return Promise.resolve(ctx.loop(), null);
        });
        try (TestClient client = TestClient.of(app); RawHttp raw = new RawHttp(client.port())) {
            raw.send("GET /h HTTP/1.1\r\nHost: example.test\r\nX-Multi: one\r\nx-multi: two\r\n"
                    + "X-Single: 1\r\nConnection: close\r\n\r\n");
            assertThat(raw.readUntilClose()).startsWith("HTTP/1.1 200");
        }
        Map<String, List<String>> headers = seen.get();
        assertThat(headers.get("x-multi")).containsExactly("one", "two");
        assertThat(headers.get("X-SINGLE")).containsExactly("1");
        assertThat(headers.get("Host")).containsExactly("example.test");
        assertThat(headers.keySet()).contains("X-Multi", "X-Single", "Connection");
        assertThatThrownBy(() -> headers.put("x", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
    }
}
