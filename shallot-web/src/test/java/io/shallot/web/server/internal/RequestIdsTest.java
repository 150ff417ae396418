package io.shallot.web.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void newIdsAreSixteenLowercaseHexDigitsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            assertThat(id).matches("[0-9a-f]{16}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void everyPositionTakesEveryDigit() {
        List<Set<Character>> digitsAt = new ArrayList<>();
        for (int p = 0; p < 16; p++) {
            digitsAt.add(new HashSet<>());
        }
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.newId();
            for (int p = 0; p < 16; p++) {
                digitsAt.get(p).add(id.charAt(p));
            }
        }
        assertThat(digitsAt).allSatisfy(digits -> assertThat(digits).hasSize(16));
    }

    @Test
    void aPlainIncomingIdIsKeptAndAnythingElseReplaced() {
        assertThat(RequestIds.fromHeaderOrNew("req-42.a_b:c")).isEqualTo("req-42.a_b:c");
        assertThat(RequestIds.fromHeaderOrNew("bad id")).matches("[0-9a-f]{16}");
        assertThat(RequestIds.fromHeaderOrNew("x".repeat(129))).matches("[0-9a-f]{16}");
        assertThat(RequestIds.fromHeaderOrNew(null)).matches("[0-9a-f]{16}");
        assertThat(RequestIds.fromHeaderOrNew("<script>")).matches("[0-9a-f]{16}");
    }
}
