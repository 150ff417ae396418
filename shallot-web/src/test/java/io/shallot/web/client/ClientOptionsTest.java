package io.shallot.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsMatchTheDocumentedTable() {
        ClientOptions o = ClientOptions.defaults();

        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxConnectionsPerHost()).isEqualTo(64);
        assertThat(o.maxWaitQueue()).isEqualTo(1024);
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(o.maxResponseBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(o.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(o.defaultHeaders()).isEmpty();
        assertThat(o.sslContext()).isNull();
        assertThat(o.objectMapper()).isSameAs(ClientOptions.defaults().objectMapper());
    }

    @Test
    void withCopiesChangeOneFieldAndLeaveTheOriginalAlone() {
        ClientOptions base = ClientOptions.defaults();
        ClientOptions changed = base.withMaxConnectionsPerHost(2).withResponseTimeout(Duration.ofMillis(10));

        assertThat(base.maxConnectionsPerHost()).isEqualTo(64);
        assertThat(changed.maxConnectionsPerHost()).isEqualTo(2);
        assertThat(changed.responseTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(changed.maxWaitQueue()).isEqualTo(base.maxWaitQueue());
    }

    @Test
    void aDefaultHeaderReplacesOneOfTheSameNameIgnoringCase() {
        ClientOptions o = ClientOptions.defaults().withDefaultHeader("X-App", "a").withDefaultHeader("x-app", "b");

        assertThat(o.defaultHeaders()).containsExactly(java.util.Map.entry("x-app", "b"));
    }

    @Test
    void interceptorsChainInOrder() {
        List<String> calls = new ArrayList<>();
        ClientOptions o = ClientOptions.defaults().withInterceptor(r -> calls.add("first")).withInterceptor(r -> calls.add("second"));

        o.interceptor().accept(null);

        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxConnectionsPerHost(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnectionsPerHost");
        assertThatThrownBy(() -> ClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("connectTimeout must not be negative");
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxWaitQueue(-1)).hasMessageContaining("maxWaitQueue");
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxResponseBodyBytes(-1)).hasMessageContaining("maxResponseBodyBytes");
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxHeaderBytes(10)).hasMessageContaining("maxHeaderBytes");
    }
}
