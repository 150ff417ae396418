package io.shallot.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.shallot.gateway.auth.internal.Secrets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void anAppidIsThreeToSixtyFourLettersDigitsOrUnderscoreDotDashStartingWithALetterOrDigit() {
        for (String good : List.of("abc", "A1_", "app.v2-x", "0ab", "a".repeat(64))) {
            assertThat(AppSpec.isAppid(good)).as(good).isTrue();
        }
        for (String bad : List.of("ab", "_ab", ".ab", "-ab", "a".repeat(65), "ab c", "abé", "ab/c", "ab:c", "")) {
            assertThat(AppSpec.isAppid(bad)).as(bad).isFalse();
        }
        assertThat(AppSpec.isAppid(null)).isFalse();
    }

    @Test
    void aTokenIsFortyThreeCharactersOfBase64Url() {
        assertThat(Secrets.hasShape(Secrets.random())).isTrue();
        assertThat(Secrets.hasShape("aZ09_-".repeat(7) + "x")).isTrue();
        for (String bad : List.of("short", Secrets.random() + "x", "a".repeat(42) + "+", "a".repeat(42) + "=",
                "a".repeat(42) + " ", "a".repeat(42) + "é", "")) {
            assertThat(Secrets.hasShape(bad)).as(bad).isFalse();
        }
    }
}
