package io.shallot.web.middleware.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {

    @Test
    void anIdIsLowercaseHexOfItsLengthAndNotAllZero() {
        assertThat(TraceIds.isValid("0123456789abcdef", 16)).isTrue();
        assertThat(TraceIds.isValid("0000000000000001", 16)).isTrue();
        assertThat(TraceIds.isValid("4bf92f3577b34da6a3ce929d0e0e4736", 32)).isTrue();
    }

    @Test
    void everyCharacterNextToTheHexRangesIsRefused() {
        String base = "0123456789abcdef";
        for (char c : new char[] {'/', ':', '`', 'g', 'A', 'F', ' ', '-', '\u00e9', '\uff41', '\u0130'}) {
            assertThat(TraceIds.isValid(c + base.substring(1), 16)).as("%s", c).isFalse();
            assertThat(TraceIds.isValid(base.substring(0, 15) + c, 16)).as("%s", c).isFalse();
        }
    }

    @Test
    void allZeroesWrongLengthsAndNullAreRefused() {
        assertThat(TraceIds.isValid("0000000000000000", 16)).isFalse();
        assertThat(TraceIds.isValid("0123456789abcde", 16)).isFalse();
        assertThat(TraceIds.isValid("0123456789abcdef0", 16)).isFalse();
        assertThat(TraceIds.isValid(null, 16)).isFalse();
    }

    @Test
    void generatedIdsAreValid() {
        for (int i = 0; i < 1000; i++) {
            assertThat(TraceIds.isValid(TraceIds.newTraceId(), 32)).isTrue();
            assertThat(TraceIds.isValid(TraceIds.newSpanId(), 16)).isTrue();
        }
    }
}
