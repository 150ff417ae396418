package io.shallot.gateway.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    @Test
    void theFixedHeadersAndEveryProxyHeaderAreHopByHopWhateverTheirCase() {
        Set<String> none = HopByHop.listedIn(Map.of());
        assertThat(none).isEmpty();
        for (String name : List.of("Connection", "KEEP-ALIVE", "te", "Trailer", "Transfer-Encoding", "upgrade",
                "Proxy-Authorization", "proxy-connection", "PROXY-Authenticate")) {
            assertThat(HopByHop.is(name, none)).as(name).isTrue();
        }
        for (String name : List.of("Content-Type", "Content-Length", "X-Proxy-Id", "Tea", "Trailers", "Set-Cookie")) {
            assertThat(HopByHop.is(name, none)).as(name).isFalse();
        }
    }

    @Test
    void theHeadersConnectionNamesAreHopByHopIgnoringCaseAndBlanks() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Connection", List.of("keep-alive, X-Hop ,, ", "x-other"));

        Set<String> listed = HopByHop.listedIn(headers);

        assertThat(listed).containsExactlyInAnyOrder("keep-alive", "x-hop", "x-other");
        assertThat(HopByHop.is("X-HOP", listed)).isTrue();
        assertThat(HopByHop.is("x-other", listed)).isTrue();
        assertThat(HopByHop.is("X-Kept", listed)).isFalse();
    }
}
