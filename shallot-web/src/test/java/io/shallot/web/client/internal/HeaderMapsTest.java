package io.shallot.web.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMapsTest {

    @Test
    void namesAreListedInArrivalOrderWithRepeatsKeptAndLookedUpIgnoringCase() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Content-Type", "text/plain").add("Set-Cookie", "a=1").add("X-Id", "7").add("set-cookie", "b=2");

        Map<String, List<String>> map = HeaderMaps.toMap(headers);

        assertThat(map.keySet()).containsExactly("Content-Type", "Set-Cookie", "X-Id");
        assertThat(map.get("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(map.get("x-id")).containsExactly("7");
        assertThat(map.containsKey("content-type")).isTrue();
        assertThat(map.get("absent")).isNull();
        assertThat(map.get(42)).isNull();
        assertThat(map).hasSize(3);
        assertThatThrownBy(() -> map.put("X", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.get("Set-Cookie").add("c=3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void manyNamesKeepTheirOrderAndAreStillFoundIgnoringCase() {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < 3 * HeaderMaps.SMALL; i++) {
            headers.add("X-H" + i, "v" + i);
        }
        headers.add("x-h0", "again");

        Map<String, List<String>> map = HeaderMaps.toMap(headers);

        assertThat(map).hasSize(3 * HeaderMaps.SMALL);
        assertThat(map.keySet()).startsWith("X-H0", "X-H1", "X-H2").endsWith("X-H47");
        assertThat(map.get("X-H0")).containsExactly("v0", "again");
        assertThat(map.get("x-h47")).containsExactly("v47");
        assertThat(map.containsKey("X-H48")).isFalse();
    }

    @Test
    void aCopyOfAnyMapLooksUpIgnoringCaseAndACopyOfACopyIsTheSameMap() {
        Map<String, List<String>> plain = new LinkedHashMap<>();
        plain.put("Accept", List.of("text/html", "application/json"));
        plain.put("accept", List.of("*/*"));

        Map<String, List<String>> copy = HeaderMaps.caseInsensitiveCopy(plain);

        assertThat(copy.keySet()).containsExactly("Accept");
        assertThat(copy.get("ACCEPT")).containsExactly("text/html", "application/json", "*/*");
        assertThat(HeaderMaps.caseInsensitiveCopy(copy)).isSameAs(copy);
    }
}
